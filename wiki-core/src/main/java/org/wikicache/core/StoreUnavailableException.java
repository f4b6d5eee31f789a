package org.wikicache.core;

import org.jspecify.annotations.Nullable;

/**
 * The store could not answer now: an outage, not a mistake in the configuration. For a database:
 * it is down or refuses connections, no pooled connection came free within the connection
 * timeout, or a transaction lost to concurrent ones (deadlock, serialization failure) on every
 * attempt. The same call may succeed later; a server answers 503. The message names the store
 * (for a database, its URL without credentials) and never contains a password.
 *
 * <p><b>Thread safety:</b> as any exception, safe to publish once constructed.
 *
 * <pre>{@code
 * try {
 *   page = wiki.view(name);
 * } catch (StoreUnavailableException e) {
 *   respond(503, "the wiki's database is unavailable; try again in a minute");
 * }
 * }</pre>
 */
public class StoreUnavailableException extends StoreException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and a cause.
   *
   * @param message what failed, naming the store
   * @param cause the underlying failure, may be null
   */
  public StoreUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
