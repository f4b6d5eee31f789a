package org.wikicache.email;

import org.wikicache.core.WikiException;

/**
 * A notification could not be delivered now: the mail server was unreachable, timed out or
 * refused the message, or the list of admins could not be read. The delivery may succeed if
 * retried later; the durable outbox dispatcher of wiki-jdbc does exactly that.
 */
public class NotificationFailedException extends WikiException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public NotificationFailedException(String message) {
    super(message);
  }

  /** An exception with a message and the underlying cause (usually an {@code EmailException}). */
  public NotificationFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
