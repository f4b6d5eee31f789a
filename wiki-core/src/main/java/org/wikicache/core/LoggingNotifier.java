package org.wikicache.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each event to the log, at INFO through SLF4J (logger {@code
 * org.wikicache.core.LoggingNotifier}). The embedded default: no mail server needed.
 *
 * <p>Thread-safe and stateless.
 *
 * <pre>{@code
 * JdbcWiki db = JdbcWiki.newBuilder().h2(dir).notifier(new LoggingNotifier()).build();
 * }</pre>
 */
public final class LoggingNotifier implements Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(LoggingNotifier.class);

  /** A notifier that logs. */
  public LoggingNotifier() {}

  @Override
  public void notify(WikiEvent event) {
    if (event instanceof WikiEvent.PageEdited e) {
      RevisionInfo r = e.revision();
      LOG.info("page {} edited by {}: revision {} ({})",
          r.page(), r.author(), r.number(), r.comment());
    } else if (event instanceof WikiEvent.UserSignedUp e) {
      LOG.info("user {} signed up", e.user().username());
    }
  }
}
