package org.wikicache.jdbc;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.RequestCost;
import org.wikicache.core.StoreException;

/**
 * What the JDBC classes share: the Jdbi instance, the database kind, the clock, the statement
 * counter, and the translation of SQL failures (configuration error, unreachable database,
 * duplicate key, serialization failure) into wikicache's terms ({@link Failures}). Thread-safe.
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
  final Failures failures;
  private final AtomicLong statements = new AtomicLong();
  private volatile boolean writeOutbox;

  Database(Jdbi jdbi, DatabaseKind kind, Failures failures, String safeUrl, Clock clock) {
    this.jdbi = jdbi;
    this.kind = kind;
    this.failures = failures;
    this.safeUrl = safeUrl;
    this.clock = clock;
    countStatementsOf(jdbi);
  }

  /** Counts the statements {@code other} runs (a replica's reads) with this database's. */
  void countStatementsOf(Jdbi other) {
    other.getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
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

  /** Whether saves and sign-ups write notification outbox rows: once someone delivers them. */
  boolean writesOutbox() {
    return writeOutbox;
  }

  void writeOutbox(boolean on) {
    this.writeOutbox = on;
  }

  /** Statements executed so far, failed ones included. */
  long queryCount() {
    return statements.get();
  }

  /** Now, truncated to the microseconds every supported database keeps. */
  Instant now() {
    return truncate(clock.instant());
  }

  /**
   * Runs {@code callback} on a pooled handle, outside any explicit transaction.
   *
   * @throws StoreException (or a subclass) if the database fails
   */
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
   * @throws org.wikicache.core.StoreUnavailableException when every attempt hit such a
   *     failure, or the database cannot be reached
   * @throws StoreException (or another subclass) if the database fails otherwise
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
          throw failures.contended(MAX_ATTEMPTS, e);
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

  /** {@code e} as the {@link StoreException} that says what went wrong. */
  StoreException translate(RuntimeException e) {
    return failures.translate(e, "a statement on database");
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
}
