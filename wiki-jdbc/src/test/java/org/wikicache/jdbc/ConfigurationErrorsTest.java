package org.wikicache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wikicache.core.PageName;
import org.wikicache.core.StoreConfigurationException;
import org.wikicache.core.StoreUnavailableException;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;

/**
 * Configuration errors and outages are told apart, on real H2, PostgreSQL and MariaDB: a URL no
 * driver accepts, an unknown host, wrong credentials, a missing database and a failed migration
 * are each a {@link StoreConfigurationException} that says what is wrong; a refused connection,
 * or one the server ends, is a {@link StoreUnavailableException}. No message contains the password.
 */
class ConfigurationErrorsTest {
  private static final String SECRET = "s3cret-Pw-" + UUID.randomUUID().toString().substring(0, 8);

  private static void assertConfigurationError(ThrowingCallable open, String... saying) {
    assertThatThrownBy(open)
        .isInstanceOf(StoreConfigurationException.class)
        .satisfies(e -> {
          for (String s : saying) {
            assertThat(e.getMessage().toLowerCase(Locale.ROOT)).contains(s.toLowerCase(Locale.ROOT));
          }
          assertThat(e.getMessage()).doesNotContain(SECRET);
        });
  }

  @Test
  void aUrlNoDriverAcceptsIsAConfigurationError() {
    assertConfigurationError(() -> JdbcWiki.connect(
            "jdbc:nosuchdb://127.0.0.1/wiki?password=" + SECRET, "wiki", SECRET),
        "no JDBC driver", "jdbc:nosuchdb://127.0.0.1/wiki?password=***");
  }

  @Test
  void anUnknownHostIsAConfigurationError() {
    assertConfigurationError(() -> JdbcWiki.newBuilder()
            .url("jdbc:postgresql://no-such-host.invalid:5432/wiki", "wiki", SECRET).build(),
        "unknown host", "no-such-host.invalid");
  }

  @Test
  void aRefusedConnectionIsAnOutageNotAConfigurationError() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertThatThrownBy(() -> JdbcWiki.connect(
            "jdbc:postgresql://127.0.0.1:" + port + "/wiki", "wiki", SECRET))
        .isInstanceOf(StoreUnavailableException.class)
        .isNotInstanceOf(StoreConfigurationException.class)
        .hasMessageContaining("unavailable")
        .message().doesNotContain(SECRET);
  }

  @Test
  void aConnectionThePostgresServerEndsIsAnOutage() throws Exception {
    TestDatabase db = TestDatabases.postgres();
    try (db) {
      String app = "wiki_ended_" + UUID.randomUUID().toString().substring(0, 8);
      JdbcWiki wiki = db.track(TestWikis.builder(db)
          .url(db.jdbcUrl() + "&ApplicationName=" + app, db.user(), db.password())
          .poolSize(2).build());
      PageName name = PageName.of("Ended");
      // The pool checks a connection before lending it only if it has been idle for 0.5 s, so
      // the read right after the kill may get a checked, fresh one: try until one fails.
      int failures = 0;
      for (int attempt = 0; attempt < 5 && failures == 0; attempt++) {
        assertThat(wiki.store().get(name)).isEmpty();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
          // what an administrator, a failover or a restart does to the pool's connection (57P01)
          s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE application_name = '" + app + "'");
        }
        try {
          wiki.store().get(name);
        } catch (RuntimeException e) {
          assertThat(e).isInstanceOf(StoreUnavailableException.class)
              .isNotInstanceOf(StoreConfigurationException.class);
          failures++;
        }
      }
      assertThat(failures).isOne();
      Thread.sleep(1_000);  // idle connections are checked before they are lent again
      assertThat(wiki.store().get(name)).isEmpty();  // the pool replaced the ended ones
    }
  }

  @Test
  void h2WrongCredentialsAreAConfigurationError() {
    String url = "jdbc:h2:mem:creds_" + UUID.randomUUID().toString().replace("-", "")
        + ";DB_CLOSE_DELAY=-1";
    try (JdbcWiki owner = JdbcWiki.newBuilder().url(url, "sa", "right-one").build()) {
      assertThat(owner.kind()).isEqualTo(DatabaseKind.H2);
      assertConfigurationError(() -> JdbcWiki.connect(url, "sa", SECRET),
          "wrong user name or password");
    }
  }

  @Test
  void aMissingH2DatabaseIsAConfigurationError(@TempDir Path dir) {
    Path file = dir.resolve("absent");
    assertConfigurationError(() -> JdbcWiki.connect(
            "jdbc:h2:file:" + file + ";IFEXISTS=TRUE", "sa", SECRET),
        "not found");
    assertThat(Files.exists(dir.resolve("absent.mv.db"))).isFalse();
  }

  @Test
  void postgresWrongCredentialsAreAConfigurationError() {
    try (TestDatabase pg = TestDatabases.postgres()) {  // fails under CI if PostgreSQL is missing
      assertConfigurationError(() -> JdbcWiki.connect(pg.jdbcUrl(), "no_such_role_x", SECRET),
          "no_such_role_x");
    }
  }

  @Test
  void aMissingPostgresDatabaseIsAConfigurationError() {
    try (TestDatabase pg = TestDatabases.postgres()) {
      String url = pg.jdbcUrl().replaceFirst("/test\\?", "/no_such_database_x?");
      assertConfigurationError(() -> JdbcWiki.connect(url, pg.user(), SECRET),
          "no_such_database_x", "does not exist");
    }
  }

  @Test
  void mariaDbWrongCredentialsAreAConfigurationError() {
    try (TestDatabase maria = TestDatabases.mariadb()) {
      assertConfigurationError(() -> JdbcWiki.connect(maria.jdbcUrl(), maria.user(), SECRET),
          "access denied");
    }
  }

  @Test
  void aMissingMariaDbDatabaseIsAConfigurationError() {
    try (TestDatabase maria = TestDatabases.mariadb()) {
      String url = maria.jdbcUrl().replaceFirst("/wikitest_[a-z0-9]+$", "/no_such_database_x");
      assertConfigurationError(() -> JdbcWiki.connect(url, maria.user(), maria.password()),
          "no_such_database_x");
    }
  }

  @Test
  void aChangedMigrationIsAConfigurationErrorOnH2() throws SQLException {
    assertChangedMigrationIsAConfigurationError(TestDatabases.h2());
  }

  @Test
  void aChangedMigrationIsAConfigurationErrorOnPostgres() throws SQLException {
    assertChangedMigrationIsAConfigurationError(TestDatabases.postgres());
  }

  @Test
  void aChangedMigrationIsAConfigurationErrorOnMariaDb() throws SQLException {
    assertChangedMigrationIsAConfigurationError(TestDatabases.mariadb());
  }

  /** Opens a wiki, then makes the applied first migration differ from the one shipped. */
  private static void assertChangedMigrationIsAConfigurationError(TestDatabase database)
      throws SQLException {
    try (database) {
      TestWikis.builder(database).build().close();
      try (Connection c = database.connect(); Statement s = c.createStatement()) {
        String q = c.getMetaData().getIdentifierQuoteString();  // Flyway quotes its names
        assertThat(s.executeUpdate("UPDATE " + schemaHistoryTable(c) + " SET " + q + "checksum"
            + q + " = 12345 WHERE " + q + "version" + q + " = '1'")).isEqualTo(1);
      }
      assertConfigurationError(() -> database.track(TestWikis.builder(database).build()),
          "schema migration failed", "checksum mismatch");
    }
  }

  /** The quoted name of the library's Flyway history table, wherever and however it is named. */
  private static String schemaHistoryTable(Connection c) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    String quote = meta.getIdentifierQuoteString();
    try (ResultSet tables = meta.getTables(c.getCatalog(), c.getSchema(), "%", null)) {
      while (tables.next()) {
        String name = tables.getString("TABLE_NAME");
        String type = tables.getString("TABLE_TYPE");
        if (name.toLowerCase(Locale.ROOT).contains("schema_history")
            && ("TABLE".equals(type) || "BASE TABLE".equals(type))) {
          return quote + name + quote;
        }
      }
    }
    throw new AssertionError("no schema history table in " + c.getMetaData().getURL());
  }
}
