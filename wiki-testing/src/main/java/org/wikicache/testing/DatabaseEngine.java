package org.wikicache.testing;

/** The database servers {@link TestDatabases} makes fresh databases on. */
public enum DatabaseEngine {
  /** H2 2.x in memory: always available. */
  H2,
  /** PostgreSQL (a fresh schema in the server's {@code test} database). */
  POSTGRESQL,
  /** MariaDB (a fresh database). */
  MARIADB
}
