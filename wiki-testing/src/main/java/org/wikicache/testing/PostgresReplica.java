package org.wikicache.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A real PostgreSQL streaming replica of the local test server, for tests of read replicas: a
 * {@code pg_basebackup} of the server into a temporary directory, started on a free loopback port
 * with {@code recovery_min_apply_delay} (so it lags by about that much, as a replica under load
 * does), stopped and deleted by {@link #close()} (and when the JVM exits).
 *
 * <p>The replica copies the whole server, so every schema a test creates on the primary
 * ({@link TestDatabases#postgres()}) appears on it after the delay; {@link #urlOf} turns a
 * primary URL into the replica's. {@link #stop()} and {@link #start()} take it down and bring it
 * back (a replica outage); a {@link TcpProxy} in front of {@link #port()} cuts only one client's
 * link.
 *
 * <pre>{@code
 * try (PostgresReplica replica = PostgresReplica.start(Duration.ofSeconds(1));
 *     TestDatabase db = TestDatabases.postgres()) {
 *   JdbcWiki wiki = JdbcWiki.newBuilder().url(db.jdbcUrl(), db.user(), db.password())
 *       .replica(replica.urlOf(db.jdbcUrl()), db.user(), db.password()).build();
 * }
 * }</pre>
 *
 * <p>Needs: the PostgreSQL server binaries of the server's major version
 * ({@code /usr/lib/postgresql/<major>/bin}, or {@code WIKICACHE_PG_BIN}), a {@code replication}
 * entry for 127.0.0.1 in the server's {@code pg_hba.conf} ({@code .ci/run} adds it), and, when run
 * as root, the {@code postgres} system user (the server refuses to run as root). When any is
 * missing, {@link RequiredService#missing} fails the test under {@code CI=true} and skips it
 * elsewhere.
 *
 * <p>Thread safety: the control methods are synchronized; one test thread drives them.
 */
public final class PostgresReplica implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final Pattern HOST_PORT = Pattern.compile("^(jdbc:postgresql://)([^/?]+)(.*)$");
  private static final String[] HOT_STANDBY_MINIMUMS = {"max_connections",
      "max_worker_processes", "max_wal_senders", "max_prepared_transactions",
      "max_locks_per_transaction"};

  private final String primaryHostPort;
  private final Path dir;
  private final Path bin;
  private final int port;
  private final Thread cleanup;
  private boolean running;
  private boolean closed;

  private PostgresReplica(String primaryHostPort, Path dir, Path bin, int port) {
    this.primaryHostPort = primaryHostPort;
    this.dir = dir;
    this.bin = bin;
    this.port = port;
    this.cleanup = new Thread(this::stopQuietly, "postgres-replica-cleanup");
  }

  /**
   * Makes a streaming replica of the local test server ({@code 127.0.0.1:5432}, or
   * {@code WIKICACHE_TEST_PG}) that applies each transaction {@code applyDelay} after its commit,
   * starts it, and waits until it accepts connections.
   *
   * @param applyDelay {@code recovery_min_apply_delay}: 0 to 1 minute
   * @throws IllegalArgumentException if {@code applyDelay} is out of range
   */
  public static PostgresReplica start(Duration applyDelay) {
    if (applyDelay.isNegative() || applyDelay.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("applyDelay must be 0 to 1 minute, was " + applyDelay);
    }
    String hostPort = env("WIKICACHE_TEST_PG", "127.0.0.1:5432");
    String admin = "jdbc:postgresql://" + hostPort + "/test";
    List<String> settings = new ArrayList<>();
    Path bin;
    try (Connection c = DriverManager.getConnection(admin, "postgres", "");
        Statement s = c.createStatement()) {
      int version = Integer.parseInt(scalar(s, "SHOW server_version_num"));
      String configured = System.getenv("WIKICACHE_PG_BIN");
      bin = configured != null && !configured.isBlank() ? Path.of(configured)
          : Path.of("/usr/lib/postgresql/" + (version / 10000) + "/bin");
      for (String name : HOT_STANDBY_MINIMUMS) {  // a hot standby needs at least the primary's
        settings.add(name + " = '" + scalar(s, "SHOW " + name) + "'");
      }
    } catch (SQLException e) {
      return RequiredService.missing("PostgreSQL at " + hostPort, "Start it (see .ci/run).", e);
    }
    if (!Files.isExecutable(bin.resolve("pg_basebackup"))
        || !Files.isExecutable(bin.resolve("pg_ctl"))) {
      return RequiredService.missing("PostgreSQL server binaries in " + bin,
          "Install the server package of the running PostgreSQL version, or set"
              + " WIKICACHE_PG_BIN to their directory.", null);
    }
    Path dir;
    try {
      dir = Files.createTempDirectory("wikicache-replica-");
      if (asRoot()) {
        UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService()
            .lookupPrincipalByName("postgres");
        Files.setOwner(dir, postgres);
      }
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      return RequiredService.missing("a temporary directory owned by the postgres user",
          "Run the tests as root or as postgres.", e);
    }
    PostgresReplica replica = new PostgresReplica(hostPort, dir, bin, freePort());
    try {
      replica.create(applyDelay, settings);
      replica.start();
    } catch (RuntimeException | Error e) {
      replica.close();
      throw e;
    }
    return replica;
  }

  private void create(Duration applyDelay, List<String> settings) {
    String[] hp = primaryHostPort.split(":", 2);
    Result backup = run(List.of(bin.resolve("pg_basebackup").toString(), "-h", hp[0], "-p",
        hp.length > 1 ? hp[1] : "5432", "-U", "postgres", "-D", dir.toString(), "-R", "-X",
        "stream", "-c", "fast"));  // fast: do not wait for the next spread checkpoint
    if (backup.code() != 0) {
      RequiredService.missing("replication connections to PostgreSQL at " + primaryHostPort,
          "Add 'host replication all 127.0.0.1/32 trust' to its pg_hba.conf and reload it"
              + " (.ci/run does); pg_basebackup said: " + backup.output().strip(), null);
    }
    // Debian keeps postgresql.conf and pg_hba.conf outside the data directory: give the replica
    // its own, and settings that keep it apart from the primary.
    writeAsOwner("postgresql.conf", "", false);
    writeAsOwner("pg_ident.conf", "", false);
    writeAsOwner("pg_hba.conf", "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        + "host all all ::1/128 trust\nhost replication all 127.0.0.1/32 trust\n", false);
    StringBuilder conf = new StringBuilder("\n# PostgresReplica\n")
        .append("port = ").append(port).append('\n')
        .append("listen_addresses = '127.0.0.1'\n")
        .append("unix_socket_directories = '").append(dir).append("'\n")
        .append("hot_standby = on\n")
        .append("recovery_min_apply_delay = '").append(applyDelay.toMillis()).append("ms'\n")
        .append("logging_collector = off\n")
        .append("shared_buffers = '32MB'\n");
    settings.forEach(s -> conf.append(s).append('\n'));
    writeAsOwner("postgresql.auto.conf", conf.toString(), true);
  }

  private void writeAsOwner(String name, String text, boolean append) {
    Path file = dir.resolve(name);
    try {
      Files.writeString(file, text, UTF_8, StandardOpenOption.CREATE,
          append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
      if (asRoot()) {
        Files.setOwner(file, Files.getOwner(dir));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The replica's port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /**
   * The URL of the replica's copy of the database at {@code primaryUrl} (a
   * {@code jdbc:postgresql://host:port/...} URL of the primary): the same database, schema and
   * parameters, on the replica's port.
   *
   * @throws IllegalArgumentException if {@code primaryUrl} is not a PostgreSQL URL
   */
  public String urlOf(String primaryUrl) {
    return urlOf(primaryUrl, "127.0.0.1:" + port);
  }

  /** {@code primaryUrl} pointed at {@code hostPort} instead (a {@link TcpProxy}'s, say). */
  public static String urlOf(String primaryUrl, String hostPort) {
    Matcher m = HOST_PORT.matcher(primaryUrl);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a jdbc:postgresql:// URL: " + primaryUrl);
    }
    return m.group(1) + hostPort + m.group(3);
  }

  /**
   * Starts the replica (again) and waits until it accepts connections.
   *
   * @throws IllegalStateException if it does not start
   */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    if (running) {
      return;
    }
    Runtime.getRuntime().addShutdownHook(cleanup);
    Result started = run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "-l",
        dir.resolve("log").toString(), "-w", "-t", "120", "start"));
    running = true;
    if (started.code() != 0) {
      throw new IllegalStateException("the replica did not start: " + started.output()
          + "\n" + tail(dir.resolve("log")));
    }
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try (Connection c = DriverManager.getConnection(
              "jdbc:postgresql://127.0.0.1:" + port + "/test", "postgres", "");
          Statement s = c.createStatement()) {
        if ("t".equals(scalar(s, "SELECT pg_is_in_recovery()"))) {
          return;
        }
        throw new IllegalStateException("the copy on port " + port + " is not a replica");
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the replica does not accept connections: " + e
              + "\n" + tail(dir.resolve("log")));
        }
        Sleep.of(Duration.ofMillis(100));
      }
    }
  }

  /** Stops the replica at once ({@code pg_ctl stop -m immediate}): a replica outage. */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "-m", "immediate",
        "-w", "stop"));
    running = false;
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      // the JVM is exiting
    }
  }

  /**
   * Waits until the replica has replayed everything the primary had written when this was
   * called (its WAL position), or {@code timeout} passed.
   *
   * @return true if it caught up in time
   */
  public boolean awaitCaughtUp(Duration timeout) {
    String target;
    try (Connection c = DriverManager.getConnection(
            "jdbc:postgresql://" + primaryHostPort + "/test", "postgres", "");
        Statement s = c.createStatement()) {
      target = scalar(s, "SELECT pg_current_wal_lsn()");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the primary's WAL position", e);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Connection c = DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + port + "/test", "postgres", "");
        Statement s = c.createStatement()) {
      while (true) {
        if ("t".equals(scalar(s, "SELECT pg_last_wal_replay_lsn() >= '" + target
            + "'::pg_lsn"))) {
          return true;
        }
        if (System.nanoTime() > deadline) {
          return false;
        }
        Sleep.of(Duration.ofMillis(20));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the replica's replay position", e);
    }
  }

  /** Stops the replica and deletes its directory; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop();
    deleteTree(dir);
  }

  private void stopQuietly() {
    try {
      run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "-m", "immediate",
          "stop"));
      deleteTree(dir);
    } catch (RuntimeException e) {
      // the JVM is exiting anyway
    }
  }

  @Override
  public String toString() {
    return "PostgreSQL replica on 127.0.0.1:" + port + " in " + dir;
  }

  private record Result(int code, String output) {}

  /** Runs a PostgreSQL tool, as the postgres user when this JVM runs as root. */
  private static Result run(List<String> command) {
    List<String> full = new ArrayList<>();
    if (asRoot()) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    try {
      Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + full);
      }
      return new Result(p.exitValue(), new String(out, UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + full, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + full, e);
    }
  }

  private static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static String scalar(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void deleteTree(@Nullable Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, @Nullable IOException e)
            throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // a leftover temporary directory is not worth failing a test for
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v.toLowerCase(Locale.ROOT).strip();
  }
}
