package org.wikicache.core;

/**
 * The storage behind an interface could not be reached (database down, pool exhausted). The
 * message names the store (for a database, its URL without credentials).
 */
public class StoreUnavailableException extends WikiException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message and a cause. */
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
