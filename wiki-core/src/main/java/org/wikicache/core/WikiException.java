package org.wikicache.core;

import org.jspecify.annotations.Nullable;

/**
 * The root of wikicache's own unchecked exceptions: every exception the library throws on
 * purpose, from every module that knows wiki-core, is one of these (wiki-memcache, which knows
 * nothing of wikis, has its own root, {@code MemcacheException}). Catch it to handle them all.
 *
 * <p>What each subclass means:
 * <ul>
 *   <li>{@link EditConflictException}, {@link UserExistsException}: expected outcomes of a
 *       user's action (someone saved first; the name is taken). Show them to the user.
 *   <li>{@link StoreConfigurationException}: the store cannot work as configured (bad URL,
 *       unknown host, wrong credentials, missing database, missing driver, missing privilege,
 *       failed schema migration). Retrying will not help; fix the configuration.
 *   <li>{@link StoreUnavailableException}: the store could not answer now (down, refusing
 *       connections, pool exhausted, too contended). Retrying later may succeed.
 *   <li>{@link StoreException}, the parent of the two above: any other failure of the store.
 *   <li>wiki-email's {@code NotificationFailedException}: a mail could not be delivered now.
 * </ul>
 *
 * <p>Bad arguments are {@link IllegalArgumentException}s instead, and wrong state
 * {@link IllegalStateException}s (Guava's {@code Preconditions} split): those are programming
 * errors, not failures.
 *
 * <p><b>Thread safety:</b> as any exception, safe to publish once constructed.
 *
 * <pre>{@code
 * try {
 *   wiki.edit(edit);
 * } catch (EditConflictException e) {
 *   showConflict(e.current());
 * } catch (StoreUnavailableException e) {
 *   respond(503, "try again in a minute");
 * }
 * }</pre>
 */
public abstract class WikiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message.
   *
   * @param message what went wrong
   */
  protected WikiException(String message) {
    super(message);
  }

  /**
   * An exception with a message and a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure, may be null
   */
  protected WikiException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
