package org.wikicache.core;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Logged-in sessions, kept where every server can read them: create one at login, find it from
 * the cookie on each request, delete it at logout.
 *
 * <p>A session is named by an opaque random token (256 bits, URL-safe base64) that only its
 * holder knows: stores keep a SHA-256 hash of it, never the token, so a copy of the table logs
 * nobody in. Expiry is checked on every read against the store's clock: a session is returned
 * only while {@code now < expires}. Unknown, malformed, expired and deleted tokens all read as
 * empty; a lookup never throws for what a visitor sent.
 *
 * <p>Implementations are thread-safe. {@link InMemorySessionStore} keeps them in this process;
 * {@code JdbcWiki#sessions()} keeps them in the database and logs each delete in the
 * {@link ChangeLog} in the same transaction, so that a caching layer
 * ({@code CachingStores#sessions}) forgets a deleted session on every server before
 * {@link #delete} returns.
 *
 * <pre>{@code
 * Session s = sessions.create(user.id(), Duration.ofDays(7));   // set s.token() as the cookie
 * Optional<Session> me = sessions.find(cookieValue);            // on each request
 * sessions.delete(cookieValue);                                  // at logout
 * }</pre>
 */
public interface SessionStore {
  /** The longest session a store accepts. */
  Duration MAX_TTL = Duration.ofDays(366);

  /**
   * Starts a session for {@code userId} with a fresh random token, lasting {@code ttl}.
   *
   * @throws IllegalArgumentException if {@code userId} is not positive or {@code ttl} is not
   *     within 1 second to {@link #MAX_TTL}
   */
  Session create(long userId, Duration ttl);

  /**
   * The live session named by {@code token}; empty if the token is null, malformed, unknown,
   * deleted or expired.
   */
  Optional<Session> find(@Nullable String token);

  /**
   * Ends the session named by {@code token}, if any; idempotent.
   *
   * @return true if a session (live or expired, not yet purged) was deleted
   */
  boolean delete(@Nullable String token);
}
