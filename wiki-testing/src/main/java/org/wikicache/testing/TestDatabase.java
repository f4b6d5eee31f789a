package org.wikicache.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.wikicache.core.PasswordHasher;

/**
 * One fresh, isolated database for a test: an in-memory H2 database, a PostgreSQL schema or a
 * MariaDB database created for it (named {@code wikitest_<random>}) and dropped by
 * {@link #close()}, after everything {@linkplain #track tracked} is closed. Made by
 * {@link TestDatabases}.
 *
 * <pre>{@code
 * try (TestDatabase db = TestDatabases.postgres()) {
 *   JdbcWiki wiki = db.track(JdbcWiki.newBuilder().url(db.jdbcUrl(), db.user(), db.password())
 *       .passwordHasher(TestDatabase.FAST_HASHER).build());
 *   wiki.store().save(...);
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class TestDatabase implements AutoCloseable {
  /** A cheap password hasher for tests (1,000 iterations instead of 600,000). */
  public static final PasswordHasher FAST_HASHER = new PasswordHasher(1000);

  private final DatabaseEngine engine;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final String dropSql;
  private final String adminUrl;
  private final List<AutoCloseable> opened = new ArrayList<>();

  TestDatabase(DatabaseEngine engine, String jdbcUrl, String user, String password,
      String adminUrl, String dropSql) {
    this.engine = engine;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.adminUrl = adminUrl;
    this.dropSql = dropSql;
  }

  /** Which database server this is. */
  public DatabaseEngine engine() {
    return engine;
  }

  /** The JDBC URL of this test's database. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** The user name to connect with. */
  public String user() {
    return user;
  }

  /** The password to connect with. */
  public String password() {
    return password;
  }

  /** A new plain JDBC connection to this database (the caller closes it). */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  /** Registers {@code resource} to be closed by {@link #close()}, before the drop; returns it. */
  public synchronized <T extends AutoCloseable> T track(T resource) {
    opened.add(resource);
    return resource;
  }

  /** Closes everything tracked (newest first), then drops the database. */
  @Override
  public synchronized void close() {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        // keep closing: the drop below is what matters
      }
    }
    opened.clear();
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute(dropSql);
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop test database " + jdbcUrl, e);
    }
  }

  @Override
  public String toString() {
    return engine + " " + jdbcUrl;
  }
}
