package org.wikicache.core;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.internal.SessionTokens;

/**
 * The reference {@link SessionStore}, held in this process's memory: sessions do not survive the
 * process and are not shared with other processes. Keyed by the token's hash, as the database
 * store is. Expired sessions are purged now and then by {@link #create}.
 *
 * <p>Thread-safe (every call is synchronised and O(1), but for an occasional purge).
 *
 * <pre>{@code
 * SessionStore sessions = new InMemorySessionStore(Clock.systemUTC());
 * }</pre>
 */
public final class InMemorySessionStore implements SessionStore {
  private record Held(long userId, Instant created, Instant expires) {}

  private final Clock clock;
  private final Map<String, Held> byHash = new HashMap<>();
  private int createsSincePurge;

  /** An empty store whose expiry is checked against {@code clock}. */
  public InMemorySessionStore(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public Session create(long userId, Duration ttl) {
    SessionTokens.checkCreate(userId, ttl);
    String token = SessionTokens.newToken();
    Instant now = clock.instant();
    Held held = new Held(userId, now, now.plus(ttl));
    synchronized (this) {
      if (++createsSincePurge >= 1024) {
        createsSincePurge = 0;
        purge(now);
      }
      byHash.put(SessionTokens.hash(token), held);
    }
    return new Session(token, userId, held.created(), held.expires());
  }

  @Override
  public Optional<Session> find(@Nullable String token) {
    if (!SessionTokens.isWellFormed(token)) {
      return Optional.empty();
    }
    Held held;
    synchronized (this) {
      held = byHash.get(SessionTokens.hash(token));
    }
    if (held == null || !clock.instant().isBefore(held.expires())) {
      return Optional.empty();
    }
    return Optional.of(new Session(token, held.userId(), held.created(), held.expires()));
  }

  @Override
  public boolean delete(@Nullable String token) {
    if (!SessionTokens.isWellFormed(token)) {
      return false;
    }
    synchronized (this) {
      return byHash.remove(SessionTokens.hash(token)) != null;
    }
  }

  /** The sessions held, expired ones not yet purged included (for tests). */
  public synchronized int size() {
    return byHash.size();
  }

  private void purge(Instant now) {
    for (Iterator<Held> it = byHash.values().iterator(); it.hasNext(); ) {
      if (!now.isBefore(it.next().expires())) {
        it.remove();
      }
    }
  }
}
