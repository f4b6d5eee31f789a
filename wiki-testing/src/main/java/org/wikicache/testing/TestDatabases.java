package org.wikicache.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * Factories of fresh, isolated test databases, one per call, as Jdbi's {@code JdbiExtension}
 * offers: {@link #h2()} (in-memory, always there), {@link #postgres()} and {@link #mariadb()}
 * (a {@code wikitest_<random>} schema or database created on the local server). When a server is not
 * reachable, the calling test fails under {@code CI=true} and is skipped elsewhere
 * ({@link RequiredService#missing}). Several test JVMs may run at once: names never collide.
 *
 * <p>Servers: PostgreSQL at {@code 127.0.0.1:5432} (user {@code postgres}, trust auth, an
 * existing database {@code test}) and MariaDB at {@code 127.0.0.1:3306} (user {@code root}, empty
 * password), overridable with the environment variables {@code WIKICACHE_TEST_PG} and
 * {@code WIKICACHE_TEST_MARIADB} ({@code host:port}).
 *
 * <pre>{@code
 * try (TestDatabase db = TestDatabases.mariadb()) {
 *   JdbcWiki wiki = db.track(JdbcWiki.connect(db.jdbcUrl(), db.user(), db.password()));
 * }
 * }</pre>
 */
public final class TestDatabases {
  private TestDatabases() {}

  /** A fresh database of {@code engine}. */
  public static TestDatabase of(DatabaseEngine engine) {
    return switch (engine) {
      case H2 -> h2();
      case POSTGRESQL -> postgres();
      case MARIADB -> mariadb();
    };
  }

  /** A fresh in-memory H2 database. */
  public static TestDatabase h2() {
    String url = "jdbc:h2:mem:" + uniqueName() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
    return new TestDatabase(DatabaseEngine.H2, url, "sa", "", url, "SHUTDOWN");
  }

  /**
   * A fresh PostgreSQL schema in the server's {@code test} database (a schema, not a database:
   * {@code CREATE DATABASE} copies a template and syncs it to disk, ten times slower).
   */
  public static TestDatabase postgres() {
    String hostPort = env("WIKICACHE_TEST_PG", "127.0.0.1:5432");
    String admin = "jdbc:postgresql://" + hostPort + "/test";
    String name = uniqueName();
    create(admin, "postgres", "", "CREATE SCHEMA " + name,
        "PostgreSQL at " + hostPort,
        "Install and start it (apt-get install postgresql; trust auth for user postgres on"
            + " 127.0.0.1, a database named test), or set WIKICACHE_TEST_PG=host:port.");
    return new TestDatabase(DatabaseEngine.POSTGRESQL, admin + "?currentSchema=" + name,
        "postgres", "", admin, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
  }

  /** A fresh MariaDB database on the local server. */
  public static TestDatabase mariadb() {
    String hostPort = env("WIKICACHE_TEST_MARIADB", "127.0.0.1:3306");
    String admin = "jdbc:mariadb://" + hostPort + "/test";
    String name = uniqueName();
    create(admin, "root", "",
        "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
        "MariaDB at " + hostPort,
        "Install and start it (apt-get install mariadb-server; user root with an empty password"
            + " over TCP, a database named test), or set WIKICACHE_TEST_MARIADB=host:port.");
    return new TestDatabase(DatabaseEngine.MARIADB, "jdbc:mariadb://" + hostPort + "/" + name,
        "root", "", admin, "DROP DATABASE IF EXISTS " + name);
  }

  private static void create(String adminUrl, String user, String password, String sql,
      String service, String howToGet) {
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      RequiredService.missing(service, howToGet, e);
    }
  }

  private static String uniqueName() {
    return "wikitest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
        .toLowerCase(Locale.ROOT);
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
