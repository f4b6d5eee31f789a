package org.wikicache.jdbc;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL LISTEN on one channel, on a connection of its own held by a daemon thread, so that
 * other processes' appends and relay reports (which NOTIFY the channel) wake this process's relays
 * at once instead of at their next poll. The driver's {@code PGConnection.getNotifications(int)}
 * is called reflectively, so wiki-jdbc does not need the PostgreSQL driver to compile. When the
 * connection fails, {@link #listening()} turns false (relays poll) until it is made again.
 */
final class PostgresNotifications implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresNotifications.class);
  private static final int WAIT_MILLIS = 500;
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final DataSource dataSource;
  private final String channel;
  private final Runnable onNotification;
  private volatile boolean listening;
  private volatile boolean closed;
  private @Nullable Thread thread;

  PostgresNotifications(DataSource dataSource, String channel, Runnable onNotification) {
    this.dataSource = dataSource;
    this.channel = channel;
    this.onNotification = onNotification;
  }

  String channel() {
    return channel;
  }

  /** True while the LISTEN connection is up. */
  boolean listening() {
    return listening;
  }

  /** Starts the listening thread, once. */
  synchronized void start() {
    if (thread != null || closed) {
      return;
    }
    thread = new Thread(this::run, "wikicache-pg-listen-" + channel);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (!closed) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + channel);  // channel: "wikicache_" + hex digits, safe to inline
        }
        Class<?> pgConnection = Class.forName("org.postgresql.PGConnection", true,
            c.getClass().getClassLoader());
        Object pg = c.unwrap(pgConnection);
        Method poll = pgConnection.getMethod("getNotifications", int.class);
        listening = true;
        onNotification.run();  // anything may have happened while we were not listening
        while (!closed) {
          Object got = poll.invoke(pg, WAIT_MILLIS);
          if (got != null && Array.getLength(got) > 0) {
            onNotification.run();
          }
        }
      } catch (ReflectiveOperationException | SQLException | RuntimeException e) {
        if (!closed) {
          LOG.warn("PostgreSQL LISTEN on {} failed; relays poll until it is back: {}", channel,
              e.toString());
        }
      } finally {
        listening = false;
      }
      sleep(RETRY_NANOS);
    }
  }

  private void sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
