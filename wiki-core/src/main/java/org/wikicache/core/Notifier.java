package org.wikicache.core;

/**
 * Delivers notifications about {@link WikiEvent}s (to admins, by mail, to a log…).
 *
 * <p>Implementations are thread-safe and must not throw for a delivery problem, nor block a
 * user's call for long: a notifier that talks to a mail server queues and retries (see the
 * durable outbox in wiki-jdbc). An edit never fails because a notification did.
 */
@FunctionalInterface
public interface Notifier {
  /** A notifier that drops every event. */
  Notifier NONE = event -> {};

  /** Delivers, or queues for delivery, one event. */
  void notify(WikiEvent event);
}
