package org.wikicache.jdbc;

import java.util.Locale;

/**
 * The database products wiki-jdbc speaks, detected from the connection's metadata when a
 * {@link JdbcWiki} opens. The few places where their SQL differs (column types in the migration,
 * the outbox's claim query, error codes) switch on it.
 */
public enum DatabaseKind {
  /** H2 2.x, embedded (file or in-memory): the default for development and tests. */
  H2,
  /** PostgreSQL 12 or later. */
  POSTGRESQL,
  /** MariaDB 10.6 or later, or MySQL 8 (both spoken through the MySQL dialect). */
  MARIADB;

  /**
   * The kind for a JDBC {@code DatabaseMetaData.getDatabaseProductName()}.
   *
   * @throws IllegalArgumentException for a product wiki-jdbc does not support
   */
  public static DatabaseKind fromProductName(String productName) {
    String p = productName.toLowerCase(Locale.ROOT);
    if (p.startsWith("h2")) {
      return H2;
    }
    if (p.contains("postgres")) {
      return POSTGRESQL;
    }
    if (p.contains("mariadb") || p.contains("mysql")) {
      return MARIADB;
    }
    throw new IllegalArgumentException("unsupported database product: " + productName
        + " (wiki-jdbc supports H2, PostgreSQL and MariaDB/MySQL)");
  }

  /**
   * An SQL expression for the database server's current time in microseconds since the epoch:
   * one clock for every process that shares the database.
   */
  String nowMicrosSql() {
    return switch (this) {
      case H2 -> "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000000 AS BIGINT)";
      case POSTGRESQL -> "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)";
      case MARIADB -> "CAST(UNIX_TIMESTAMP(NOW(6)) * 1000000 AS SIGNED)";
    };
  }

  /** True if the database has {@code SELECT ... FOR UPDATE SKIP LOCKED}. */
  boolean hasSkipLocked() {
    return this != H2;
  }
}
