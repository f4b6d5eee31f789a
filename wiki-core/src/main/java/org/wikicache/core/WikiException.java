package org.wikicache.core;

/**
 * The root of wikicache's own unchecked exceptions. Bad arguments are
 * {@link IllegalArgumentException}s instead, and wrong state {@link IllegalStateException}s.
 */
public class WikiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public WikiException(String message) {
    super(message);
  }

  /** An exception with a message and a cause. */
  public WikiException(String message, Throwable cause) {
    super(message, cause);
  }
}
