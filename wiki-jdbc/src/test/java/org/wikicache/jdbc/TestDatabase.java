package org.wikicache.jdbc;

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
 * {@link #close()}.
 * Made by {@link TestDatabases}.
 *
 * <pre>{@code
 * try (TestDatabase db = TestDatabases.postgres(); JdbcWiki wiki = db.open()) {
 *   wiki.store().save(...);
 * }
 * }</pre>
 */
public final class TestDatabase implements AutoCloseable {
  /** The cheap password hasher tests use. */
  public static final PasswordHasher FAST_HASHER = new PasswordHasher(1000);

  private final DatabaseKind kind;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final String dropSql;
  private final String adminUrl;
  private final List<JdbcWiki> opened = new ArrayList<>();

  TestDatabase(DatabaseKind kind, String jdbcUrl, String user, String password, String adminUrl,
      String dropSql) {
    this.kind = kind;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.adminUrl = adminUrl;
    this.dropSql = dropSql;
  }

  /** Which database product this is. */
  public DatabaseKind kind() {
    return kind;
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

  /** A builder for this database with test defaults: a fast password hasher, a small pool. */
  public JdbcWiki.Builder builder() {
    return JdbcWiki.newBuilder().url(jdbcUrl, user, password).passwordHasher(FAST_HASHER)
        .poolSize(10);
  }

  /** Opens a {@link JdbcWiki} with {@link #builder()}'s defaults; closed by {@link #close()}. */
  public synchronized JdbcWiki open() {
    return track(builder().build());
  }

  /** Registers {@code wiki} to be closed by {@link #close()}; returns it. */
  public synchronized JdbcWiki track(JdbcWiki wiki) {
    opened.add(wiki);
    return wiki;
  }

  /** Closes every wiki opened through this object and drops the database. */
  @Override
  public synchronized void close() {
    opened.forEach(JdbcWiki::close);
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
    return kind + " " + jdbcUrl;
  }
}
