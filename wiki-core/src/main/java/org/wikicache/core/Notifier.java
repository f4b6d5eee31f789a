package org.wikicache.core;

/**
 * Delivers notifications about {@link WikiEvent}s (to admins, by mail, to a log…).
 *
 * <p>A notifier is wired in one place, so that each event reaches it once: with a database, to
 * wiki-jdbc's {@code JdbcWiki.notifyThroughOutbox}, which records each event in the change's
 * transaction and calls the notifier off the user's thread, retrying while it throws; with the
 * in-memory stores, to {@link Wiki.Builder#notifier}, which calls it after each change on the
 * caller's thread and logs and swallows anything it throws (an edit never fails because a
 * notification did). A notifier that talks to a mail server (wiki-email's {@code EmailNotifier})
 * throws when delivery fails, so that the outbox retries it.
 *
 * <p>Implementations are thread-safe.
 *
 * <pre>{@code
 * db.notifyThroughOutbox(event -> log.info("{}", event));
 * }</pre>
 */
@FunctionalInterface
public interface Notifier {
  /** A notifier that drops every event. */
  Notifier NONE = event -> {};

  /** Delivers, or queues for delivery, one event. */
  void notify(WikiEvent event);
}
