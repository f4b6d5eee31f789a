package org.wikicache.examples;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.SessionStore;
import org.wikicache.core.User;
import org.wikicache.examples.web.SigningKey;

/**
 * Logged-in sessions, as the routes see them: the browser's cookie holds the token of a session
 * kept in a {@link SessionStore} (with a database, in its {@code sessions} table, read through the
 * cache), so any server accepts any session and a restart logs nobody out. A session's CSRF token
 * is not stored: it is the HMAC of the session's token under the server's {@link SigningKey}
 * (shared by every server), so every server computes the same one.
 *
 * <p>Only a login or a sign-up creates a session, always with a fresh token, so a token planted
 * before login is worthless; anonymous visitors have none (their forms are protected by a signed
 * cookie, {@link org.wikicache.examples.web.CsrfCookie}), so no flood of anonymous requests can
 * fill the store or push a logged-in user out. Sessions last {@code ttl} from the login.
 *
 * <pre>{@code
 * Sessions sessions = new Sessions(() -> store, key, Duration.ofDays(7), users::findById, store::size);
 * Sessions.Session s = sessions.create(user.id(), user.username());
 * sessions.find(cookieValue);   // Optional<Session>
 * }</pre>
 *
 * <p>Thread-safe.
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

  private final Supplier<SessionStore> store;
  private final SigningKey key;
  private final Duration ttl;
  private final LongFunction<Optional<User>> users;
  private final LongSupplier count;

  /**
   * @param store where sessions live (fetched per call: the server starts serving while its
   *     backend opens)
   * @param key the key the sessions' CSRF tokens are derived with
   * @param ttl how long a session lasts from its login
   * @param users who a session's user is (its username, whether it still exists)
   * @param count how many sessions are stored, -1 if unknown (for the stats page)
   */
  Sessions(Supplier<SessionStore> store, SigningKey key, Duration ttl,
      LongFunction<Optional<User>> users, LongSupplier count) {
    this.store = requireNonNull(store, "store");
    this.key = requireNonNull(key, "key");
    checkArgument(!ttl.isNegative() && !ttl.isZero(), "ttl must be positive");
    this.ttl = ttl;
    this.users = requireNonNull(users, "users");
    this.count = requireNonNull(count, "count");
  }

  /** The live session with this token; empty if unknown, malformed, expired or logged out. */
  Optional<Session> find(@Nullable String id) {
    if (id == null || id.length() > 64) {
      return Optional.empty();
    }
    return store.get().find(id).flatMap(s -> users.apply(s.userId())
        .map(u -> new Session(id, csrfOf(id), u.id(), u.username())));
  }

  /** Starts a new session for a logged-in user, with a fresh token. */
  Session create(long userId, String username) {
    org.wikicache.core.Session s = store.get().create(userId, ttl);
    return new Session(s.token(), csrfOf(s.token()), userId, username);
  }

  /** Ends the session with this token, if any, on every server. */
  void invalidate(String id) {
    store.get().delete(id);
  }

  /** The number of stored sessions (expired ones not yet purged included); -1 if unknown. */
  long size() {
    return count.getAsLong();
  }

  /** How long a session lasts. */
  Duration idleTimeout() {
    return ttl;
  }

  private String csrfOf(String token) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key.current());
      mac.update("wiki-session-csrf:".getBytes(US_ASCII));
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString(mac.doFinal(token.getBytes(US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
