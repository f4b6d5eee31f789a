package org.wikicache.cache;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.ChangeLog.Change;
import org.wikicache.core.Session;
import org.wikicache.core.SessionStore;
import org.wikicache.core.internal.SessionTokens;

/**
 * A {@link SessionStore} that caches sessions by the hash of their token. Made by
 * {@link CachingStores#sessions(SessionStore)}.
 *
 * <p>What it adds: {@link #find} is a cache-aside read with the same lease protection as pages,
 * so a logged-in request usually costs no query for its session. The cached value holds the user
 * id and the times, keyed by the SHA-256 of the token: the token itself never reaches memcached.
 *
 * <p>What it gives up: nothing in consistency (see {@link CachingStores}). A logout
 * ({@link #delete}) is in the store's change log, and so invalidated in every process before it
 * returns; expiry is checked on every read, cached or not, against the layer's clock
 * ({@link CachingStores.Builder#clock}), so it is immediate too. Unknown tokens are not
 * remembered: a flood of made-up cookies fills no cache (each costs one query by primary key).
 *
 * <p>Thread-safe.
 */
final class CachingSessionStore implements SessionStore {
  /** What the cache holds for a session: everything but the token. */
  record Held(long userId, Instant created, Instant expires) {
    static Held of(Session s) {
      return new Held(s.userId(), s.created(), s.expires());
    }
  }

  static final Codec<Held> CODEC = new Codecs.BinaryCodec<>('E') {
    @Override
    void write(Held h, Codecs.Writer out) {
      out.writeLong(h.userId());
      Codecs.writeInstant(out, h.created());
      Codecs.writeInstant(out, h.expires());
    }

    @Override
    Held read(Codecs.Reader in) {
      long userId = in.readLong();
      Instant created = Codecs.readInstant(in);
      Instant expires = Codecs.readInstant(in);
      if (userId <= 0 || !expires.isAfter(created)) {
        throw new CodecException("not a session", null);
      }
      return new Held(userId, created, expires);
    }
  };

  private final SessionStore delegate;
  private final CachingStores layer;
  private final CacheAside aside;
  private final Clock clock;
  private final boolean logged;

  /** @param logged true if {@code delegate} records its deletes in a change log of its own */
  CachingSessionStore(SessionStore delegate, CachingStores layer, Clock clock, boolean logged) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.layer = layer;
    this.aside = layer.aside();
    this.clock = clock;
    this.logged = logged;
  }

  @Override
  public Session create(long userId, Duration ttl) {
    return delegate.create(userId, ttl);  // a new random token: nothing cached to invalidate
  }

  @Override
  public Optional<Session> find(@Nullable String token) {
    if (!SessionTokens.isWellFormed(token)) {
      return Optional.empty();
    }
    String key = layer.keys().session(SessionTokens.hash(token));
    Optional<Held> held = aside.get(EntityKind.SESSION, key, null, CODEC,
        () -> delegate.find(token).map(Held::of), layer.sessionTtl(), null, false);
    Instant now = clock.instant();
    return held.filter(h -> now.isBefore(h.expires()))
        .map(h -> new Session(token, h.userId(), h.created(), h.expires()));
  }

  @Override
  public boolean delete(@Nullable String token) {
    if (!SessionTokens.isWellFormed(token)) {
      return false;
    }
    List<Change> changes = List.of(Change.session(SessionTokens.hash(token)));
    boolean deleted;
    try {
      deleted = delegate.delete(token);
    } catch (RuntimeException e) {
      if (!logged) {
        layer.changedWithoutLog(changes);  // it may have committed: invalidating is safe
      }
      throw e;
    }
    if (!logged) {
      layer.changedWithoutLog(changes);
    }
    return deleted;
  }
}
