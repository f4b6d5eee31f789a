package org.wikicache.core;

/**
 * Delivers notifications about {@link WikiEvent}s (to admins, by mail, to a log…).
 *
 * <p>Implementations are thread-safe. A notifier handed to {@link Wiki} must not block a user's
 * call for long; {@link Wiki} logs and swallows anything it throws, so an edit never fails
 * because a notification did. A notifier that talks to a mail server directly (wiki-email's
 * {@code EmailNotifier}) throws when delivery fails, so that the durable outbox dispatcher in
 * wiki-jdbc, which calls it off the user's thread, retries it later.
 */
@FunctionalInterface
public interface Notifier {
  /** A notifier that drops every event. */
  Notifier NONE = event -> {};

  /** Delivers, or queues for delivery, one event. */
  void notify(WikiEvent event);
}
