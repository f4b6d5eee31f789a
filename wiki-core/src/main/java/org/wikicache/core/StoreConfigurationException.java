package org.wikicache.core;

import org.jspecify.annotations.Nullable;

/**
 * The store cannot work as configured: retrying will not help, the configuration must change.
 * For a database: a URL no driver accepts (or whose driver is missing from the class path), a
 * host name that does not resolve, wrong credentials, a database that does not exist, a user
 * without the privileges the schema needs, an unsupported database product, or a schema
 * migration that failed (for example a migration already applied was changed). Usually thrown
 * when the store is opened; also later if the configuration changes under a running store (a
 * password rotated, a privilege revoked). The message says what is wrong and names the store
 * (for a database, its URL without credentials); it never contains a password.
 *
 * <p><b>Thread safety:</b> as any exception, safe to publish once constructed.
 *
 * <pre>{@code
 * try {
 *   db = JdbcWiki.connect(url, user, password);
 * } catch (StoreConfigurationException e) {
 *   System.err.println("check the database settings: " + e.getMessage());
 *   System.exit(2);
 * }
 * }</pre>
 */
public class StoreConfigurationException extends StoreException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and a cause.
   *
   * @param message what is wrong, naming the store
   * @param cause the underlying failure, may be null
   */
  public StoreConfigurationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
