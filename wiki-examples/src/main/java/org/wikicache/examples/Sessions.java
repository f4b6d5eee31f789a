package org.wikicache.examples;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Logged-in sessions: a random 256-bit id (the cookie) maps to who is logged in and the session's
 * CSRF token. Ids cannot be forged or guessed; they expire after an idle timeout; the map is
 * bounded (the least recently used session is dropped when full). Only a login or a sign-up
 * creates a session, always with a fresh id, so an id planted before login is worthless; anonymous
 * visitors have none (their forms are protected by a signed cookie, {@link
 * org.wikicache.examples.web.CsrfCookie}), so no flood of anonymous requests can push a logged-in
 * user out.
 *
 * <pre>{@code
 * Sessions sessions = new Sessions(Duration.ofDays(7), 100_000, Clock.systemUTC());
 * Sessions.Session s = sessions.create(user.id(), user.username());
 * sessions.find(cookieValue);   // Optional<Session>
 * }</pre>
 *
 * <p>Thread-safe (one lock; each call is O(1)).
 */
final class Sessions {
  /** One logged-in user's session. */
  record Session(String id, String csrf, long userId, String username) {
    Session {
      requireNonNull(id, "id");
      requireNonNull(csrf, "csrf");
      checkArgument(userId > 0, "userId must be positive");
      checkArgument(!username.isEmpty(), "username must not be empty");
    }

    /** True if {@code token} is this session's CSRF token; constant time. */
    boolean csrfMatches(@Nullable String token) {
      return token != null
          && MessageDigest.isEqual(csrf.getBytes(UTF_8), token.getBytes(UTF_8));
    }
  }

  private record Slot(Session session, Instant lastUsed) {}

  private static final int ID_BYTES = 32;

  private final SecureRandom random = new SecureRandom();
  private final Duration idle;
  private final int maxSessions;
  private final Clock clock;
  private final LinkedHashMap<String, Slot> slots = new LinkedHashMap<>(16, 0.75f, true);

  Sessions(Duration idle, int maxSessions, Clock clock) {
    checkArgument(!idle.isNegative() && !idle.isZero(), "idle must be positive");
    checkArgument(maxSessions >= 1, "maxSessions must be >= 1");
    this.idle = idle;
    this.maxSessions = maxSessions;
    this.clock = requireNonNull(clock, "clock");
  }

  /** The live session with this id, refreshing its idle timer; empty if unknown or expired. */
  synchronized Optional<Session> find(@Nullable String id) {
    if (id == null || id.length() > 64) {
      return Optional.empty();
    }
    Slot slot = slots.get(id);
    Instant now = clock.instant();
    if (slot == null) {
      return Optional.empty();
    }
    if (!now.isBefore(slot.lastUsed().plus(idle))) {
      slots.remove(id);
      return Optional.empty();
    }
    slots.put(id, new Slot(slot.session(), now));
    return Optional.of(slot.session());
  }

  /** Starts a new session for a logged-in user, with a fresh id and token. */
  synchronized Session create(long userId, String username) {
    Session session = new Session(token(), token(), userId, username);
    slots.put(session.id(), new Slot(session, clock.instant()));
    evict();
    return session;
  }

  /** Ends the session with this id, if any. */
  synchronized void invalidate(String id) {
    slots.remove(id);
  }

  /** The number of live (or not yet swept) sessions. */
  synchronized int size() {
    return slots.size();
  }

  /** How long an idle session lives. */
  Duration idleTimeout() {
    return idle;
  }

  private String token() {
    byte[] bytes = new byte[ID_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private void evict() {
    Instant now = clock.instant();
    Iterator<Map.Entry<String, Slot>> it = slots.entrySet().iterator();
    while (it.hasNext()) {
      Slot eldest = it.next().getValue();
      if (slots.size() <= maxSessions && now.isBefore(eldest.lastUsed().plus(idle))) {
        return;
      }
      it.remove();
    }
  }
}
