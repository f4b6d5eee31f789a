package org.wikicache.jdbc;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import org.wikicache.core.WikiEvent;

/**
 * One claimed notification from the {@link JdbcOutbox}: the event, rebuilt from the revision or
 * user row the outbox row refers to, and how many deliveries of it have failed so far.
 *
 * <pre>{@code
 * for (OutboxEntry e : outbox.claim("mailer-1", 10, Duration.ofMinutes(5))) {
 *   notifier.notify(e.event());
 *   outbox.markSent(e.id());
 * }
 * }</pre>
 *
 * @param id the outbox row's id, positive
 * @param event what happened
 * @param attempts failed deliveries so far (0 on the first claim)
 */
public record OutboxEntry(long id, WikiEvent event, int attempts) {
  /** Validates every component. */
  public OutboxEntry {
    checkArgument(id > 0, "id must be positive, was %s", id);
    requireNonNull(event, "event");
    checkArgument(attempts >= 0, "attempts must be >= 0, was %s", attempts);
  }
}
