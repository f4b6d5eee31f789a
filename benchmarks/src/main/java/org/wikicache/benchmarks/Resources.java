package org.wikicache.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.PasswordHasher;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.testing.MemcachedProcess;

/**
 * The services one benchmark trial uses, created on first use and closed together: the seeded
 * PostgreSQL database, a seeded in-memory H2 database, and a memcached server (started on a free
 * port, or the one given as {@code -p memcached=host:port}).
 *
 * <p>PostgreSQL: the server at {@code $WIKIBENCH_PG} ({@code host:port}, default
 * {@code 127.0.0.1:5432}, user postgres, trust auth, an existing database {@code test}); the
 * benchmarks create their own database {@code wikibench} (once) and seed it (once). Drop it with
 * {@code DROP DATABASE wikibench} when done.
 *
 * <p><b>Thread safety:</b> the getters are synchronized; close from one thread at tear-down.
 */
public final class Resources implements AutoCloseable {
  /** The PostgreSQL database the benchmarks create and use. */
  public static final String PG_DATABASE = "wikibench";

  private final String memcachedParam;
  private @Nullable JdbcWiki postgres;
  private @Nullable JdbcWiki h2;
  private final String h2Name = "wikibench-" + UUID.randomUUID().toString().substring(0, 8);
  private @Nullable MemcachedProcess launched;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  /**
   * Resources for one trial.
   *
   * @param memcachedParam {@code auto} to start a memcached, or {@code host:port}
   */
  public Resources(String memcachedParam) {
    this.memcachedParam = memcachedParam;
  }

  /** The PostgreSQL {@code host:port}. */
  public static String pgHostPort() {
    String v = System.getenv("WIKIBENCH_PG");
    return v == null || v.isBlank() ? "127.0.0.1:5432" : v;
  }

  /** The JDBC URL of the benchmark database on PostgreSQL. */
  public static String pgUrl() {
    return "jdbc:postgresql://" + pgHostPort() + "/" + PG_DATABASE;
  }

  /** The seeded PostgreSQL wiki (database {@value #PG_DATABASE}, created if missing). */
  public synchronized JdbcWiki postgres() {
    if (postgres == null) {
      createPgDatabase();
      postgres = JdbcWiki.newBuilder().url(pgUrl(), "postgres", "")
          .passwordHasher(new PasswordHasher(1000)).poolSize(8).build();
      BenchData.seed(postgres.store(), postgres.users());
    }
    return postgres;
  }

  /** A seeded in-memory H2 wiki, private to this trial. */
  public synchronized JdbcWiki h2() {
    if (h2 == null) {
      h2 = JdbcWiki.newBuilder()
          .h2InMemory(h2Name)
          .passwordHasher(new PasswordHasher(1000)).poolSize(8).build();
      BenchData.seed(h2.store(), h2.users());
    }
    return h2;
  }

  /** The JDBC URL of {@link #h2()}'s database, for plain JDBC in the same JVM. */
  public String h2Url() {
    return "jdbc:h2:mem:" + h2Name + ";DB_CLOSE_DELAY=-1";
  }

  /** The wiki of {@code kind}. */
  public JdbcWiki wiki(Db kind) {
    return kind == Db.POSTGRES ? postgres() : h2();
  }

  /** The memcached address: the given one, or a server started now with {@code -m 256}. */
  public synchronized String memcached() {
    if (!"auto".equals(memcachedParam)) {
      return memcachedParam;
    }
    if (launched == null) {
      launched = MemcachedProcess.start(256);
    }
    return launched.address();
  }

  /** Closes {@code c} with the others at tear-down. */
  public synchronized <T extends AutoCloseable> T register(T c) {
    closeables.add(c);
    return c;
  }

  /** Closes everything, the last created first. */
  @Override
  public synchronized void close() {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        // tear-down: keep closing the rest
      }
    }
    closeables.clear();
    if (postgres != null) {
      postgres.close();
    }
    if (h2 != null) {
      h2.close();
    }
    if (launched != null) {
      launched.close();
    }
  }

  private static void createPgDatabase() {
    String admin = "jdbc:postgresql://" + pgHostPort() + "/test";
    try (Connection c = DriverManager.getConnection(admin, "postgres", "");
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery(
          "SELECT 1 FROM pg_database WHERE datname = '" + PG_DATABASE + "'")) {
        if (rs.next()) {
          return;
        }
      }
      s.execute("CREATE DATABASE " + PG_DATABASE + " ENCODING 'UTF8'");
    } catch (SQLException e) {
      if ("42P04".equals(e.getSQLState())) {
        return; // created by a concurrent run
      }
      throw new IllegalStateException("PostgreSQL at " + pgHostPort() + " is unavailable ("
          + e.getMessage() + "); set WIKIBENCH_PG=host:port", e);
    }
  }

  /** The two databases. */
  public enum Db {
    /** Embedded H2, in memory. */
    H2,
    /** PostgreSQL over loopback. */
    POSTGRES
  }
}
