package org.wikicache.core;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Writes each event to the log ({@link System.Logger}, which routes to SLF4J or JUL as the
 * application configures). The embedded default: no mail server needed. Thread-safe.
 */
public final class LoggingNotifier implements Notifier {
  private static final Logger LOG = System.getLogger(LoggingNotifier.class.getName());

  @Override
  public void notify(WikiEvent event) {
    if (event instanceof WikiEvent.PageEdited e) {
      RevisionInfo r = e.revision();
      LOG.log(Level.INFO, "page {0} edited by {1}: revision {2} ({3})",
          r.page(), r.author(), r.number(), r.comment());
    } else if (event instanceof WikiEvent.UserSignedUp e) {
      LOG.log(Level.INFO, "user {0} signed up", e.user().username());
    }
  }
}
