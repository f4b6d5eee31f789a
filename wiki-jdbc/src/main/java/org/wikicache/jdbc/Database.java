package org.wikicache.jdbc;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.RequestCost;
import org.wikicache.core.StoreUnavailableException;

/**
 * What the JDBC classes share: the Jdbi instance, the database kind, the clock, the statement
 * counter, and the translation of SQL failures (unreachable database, duplicate key,
 * serialization failure) into wikicache's terms. Thread-safe.
 */
final class Database {
  /** How many times a transaction that hit a deadlock or serialization failure is run. */
  static final int MAX_ATTEMPTS = 6;

  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)(password|pwd)=[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("//([^/:@]*):[^@/]*@");

  final Jdbi jdbi;
  final DatabaseKind kind;
  final String safeUrl;
  final Clock clock;
  private final AtomicLong statements = new AtomicLong();

  Database(Jdbi jdbi, DatabaseKind kind, String safeUrl, Clock clock) {
    this.jdbi = jdbi;
    this.kind = kind;
    this.safeUrl = safeUrl;
    this.clock = clock;
    jdbi.getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
      @Override
      public void logAfterExecution(StatementContext context) {
        counted();
      }

      @Override
      public void logException(StatementContext context, SQLException ex) {
        counted();
      }
    });
  }

  private void counted() {
    statements.incrementAndGet();
    RequestCost.recordStoreQuery();
  }

  /** Statements executed so far, failed ones included. */
  long queryCount() {
    return statements.get();
  }

  /** Now, truncated to the microseconds every supported database keeps. */
  Instant now() {
    return truncate(clock.instant());
  }

  /** Runs {@code callback} on a pooled handle, outside any explicit transaction. */
  <T> T read(HandleCallback<T, RuntimeException> callback) {
    try {
      return jdbi.withHandle(callback);
    } catch (JdbiException e) {
      throw translate(e);
    }
  }

  /**
   * Runs {@code callback} in one transaction, again (up to {@link #MAX_ATTEMPTS} times, after a
   * short random pause) when the database reports a deadlock or serialization failure.
   *
   * @throws RetriesExhaustedException when every attempt hit such a failure
   */
  <T> T write(HandleCallback<T, RuntimeException> callback) {
    for (int attempt = 1; ; attempt++) {
      try {
        return jdbi.inTransaction(callback);
      } catch (JdbiException e) {
        if (!isRetryable(e)) {
          throw translate(e);
        }
        if (attempt >= MAX_ATTEMPTS) {
          throw new RetriesExhaustedException(e);
        }
        pause(attempt);
      }
    }
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying a transaction", e);
    }
  }

  /** {@code e} as a {@link StoreUnavailableException} if the database is unreachable, else itself. */
  RuntimeException translate(RuntimeException e) {
    if (isUnavailable(e)) {
      return new StoreUnavailableException(
          "database " + safeUrl + " is unavailable: " + rootMessage(e), e);
    }
    return e;
  }

  /** True if {@code e} says the database could not be reached (down, refused, pool timeout). */
  static boolean isUnavailable(Throwable e) {
    if (e instanceof ConnectionException) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof java.net.ConnectException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && sql.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
  }

  /** True if {@code e} is a unique-key violation (SQLState 23505, MariaDB error 1062). */
  static boolean isDuplicateKey(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && ("23505".equals(sql.getSQLState()) || sql.getErrorCode() == 1062)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True for failures that running the transaction again can cure: serialization failure and
   * deadlock (SQLState 40001, PostgreSQL 40P01, MariaDB 1213), lock wait timeout (MariaDB 1205,
   * H2 50200) and H2's concurrent update (90131).
   */
  static boolean isRetryable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        int code = sql.getErrorCode();
        if ("40001".equals(state) || "40P01".equals(state) || code == 1213 || code == 1205
            || code == 50200 || code == 90131 || code == 40001) {
          return true;
        }
      }
    }
    return false;
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  /** {@code url} without passwords: {@code password=...} parameters and {@code user:pw@} info. */
  static String redact(@Nullable String url) {
    if (url == null) {
      return "(a DataSource)";
    }
    String s = PASSWORD_PARAM.matcher(url).replaceAll("$1=***");
    return USER_INFO.matcher(s).replaceAll("//$1:***@");
  }

  static Instant truncate(Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  /** A transaction that failed with a retryable error on every attempt. */
  static final class RetriesExhaustedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RetriesExhaustedException(Throwable cause) {
      super("gave up after " + MAX_ATTEMPTS + " attempts: " + rootMessage(cause), cause);
    }
  }
}
