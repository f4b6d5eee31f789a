package org.wikicache.core;

import org.jspecify.annotations.Nullable;

/**
 * A store failed a call for a reason that is neither the caller's input nor an expected outcome.
 * Its two subclasses say whether to fix the configuration ({@link StoreConfigurationException})
 * or to try again later ({@link StoreUnavailableException}); an instance of this class itself is
 * any other failure (for a database, an SQL error wikicache does not expect, such as a table
 * dropped under it). The message names the store (for a database, its URL without credentials)
 * and never contains a password.
 *
 * <p><b>Thread safety:</b> as any exception, safe to publish once constructed.
 *
 * <pre>{@code
 * try {
 *   store.get(name);
 * } catch (StoreException e) {
 *   log.error("the wiki's store failed", e);
 * }
 * }</pre>
 */
public class StoreException extends WikiException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and a cause.
   *
   * @param message what failed, naming the store
   * @param cause the underlying failure, may be null
   */
  public StoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
