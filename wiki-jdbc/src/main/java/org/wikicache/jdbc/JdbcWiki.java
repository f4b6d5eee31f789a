package org.wikicache.jdbc;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.wikicache.core.AccountPolicy;
import org.wikicache.core.ChangeLog;
import org.wikicache.core.InMemoryWikiStore;
import org.wikicache.core.Notifier;
import org.wikicache.core.PasswordHasher;
import org.wikicache.core.StoreConfigurationException;
import org.wikicache.core.StoreUnavailableException;

/**
 * A wiki database: opens a pooled connection to H2, PostgreSQL or MariaDB/MySQL, brings the
 * schema up to date with the Flyway migrations, and hands out the {@linkplain #store() store},
 * the {@linkplain #users() user profiles} and the {@linkplain #outbox() notification outbox}.
 *
 * <p>One line opens one:
 *
 * <pre>{@code
 * JdbcWiki db = JdbcWiki.h2(Path.of("data/wiki"));                       // embedded H2 file
 * JdbcWiki db = JdbcWiki.connect("jdbc:postgresql://localhost/wiki", "wiki", secret);
 * JdbcWiki db = JdbcWiki.newBuilder().url(url, user, secret).poolSize(20)
 *     .passwordHasher(new PasswordHasher(1000)).build();
 * }</pre>
 *
 * <p>Read replicas ({@link Builder#replica(String, String, String)}): reads that may be slightly
 * old go to them; a caching layer's loads are lag-safe ({@link org.wikicache.core.LagAware}), a
 * {@link #readingAtLeast} scope gives a user their own writes, and {@link #replicaStats()} says
 * what the replicas did.
 *
 * <p>Notifications: {@link #notifyThroughOutbox} is the one wiring; it records each edit and
 * sign-up in its transaction and delivers it once. Failures: a
 * {@link StoreConfigurationException} when the settings are wrong, a
 * {@link StoreUnavailableException} during an outage; messages never carry the password.
 *
 * <p>Thread-safe; {@link #close()} stops the notification delivery and closes the pool (if this
 * object made it). The database kind is read from the connection's metadata; everything else is
 * the same on each.
 */
public final class JdbcWiki implements AutoCloseable {
  /** The most replicas one wiki reads from. */
  public static final int MAX_REPLICAS = 16;

  /** The hold-off window {@link ReplicaStats} compares with unless the builder says otherwise. */
  public static final Duration DEFAULT_HOLD_OFF = Duration.ofSeconds(11);

  /** A replica as the builder was given it: a URL and credentials, or a data source. */
  private record ReplicaSpec(@Nullable String url, @Nullable String user,
      @Nullable String password, @Nullable DataSource dataSource) {}

  /** How long change log entries are kept unless the builder says otherwise. */
  public static final Duration DEFAULT_CHANGE_LOG_RETENTION = Duration.ofHours(2);

  private final Database db;
  private final @Nullable HikariDataSource pool;
  private final @Nullable String shutdownSql;
  private final JdbcWikiStore store;
  private final JdbcUserProfiles users;
  private final JdbcSessionStore sessions;
  private final JdbcOutbox outbox;
  private final JdbcChangeLog changeLog;
  private final ReplicaReads replicaReads;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Duration outboxPollInterval;
  private final Duration outboxBackoffBase;
  private final Duration outboxBackoffMax;
  private final Object notifying = new Object();
  private @Nullable OutboxDispatcher dispatcher;

  private JdbcWiki(Builder b) {
    DataSource dataSource;
    String safeUrl = Database.redact(b.url);
    Failures failures = new Failures(safeUrl, b.password);
    if (b.dataSource != null) {
      dataSource = b.dataSource;
      pool = null;
    } else {
      checkState(b.url != null, "no database given: call h2(), h2InMemory(), url() or dataSource()");
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(b.url);
      if (b.user != null) {
        config.setUsername(b.user);
      }
      if (b.password != null) {
        config.setPassword(b.password);
      }
      config.setMaximumPoolSize(b.poolSize);
      config.setMinimumIdle(Math.min(2, b.poolSize));
      config.setConnectionTimeout(b.connectionTimeout.toMillis());
      config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
      config.setPoolName("wikicache-" + Integer.toHexString(System.identityHashCode(this)));
      try {
        pool = new HikariDataSource(config);
      } catch (RuntimeException e) {
        throw failures.translate(e, "opening database");
      }
      dataSource = pool;
    }
    shutdownSql = b.inMemoryH2 ? "SHUTDOWN" : null;
    try {
      DatabaseKind kind;
      try (Connection c = dataSource.getConnection()) {
        kind = DatabaseKind.fromProductName(c.getMetaData().getDatabaseProductName());
      } catch (SQLException e) {
        throw failures.translate(e, "opening database");
      } catch (IllegalArgumentException e) {
        throw failures.configuration(e.getMessage(), e);
      }
      try {
        migrate(dataSource, kind);
      } catch (RuntimeException e) {
        throw failures.translate(e, "migrating the schema of database");
      }
      db = new Database(Jdbi.create(dataSource), kind, failures, safeUrl, b.clock);
    } catch (RuntimeException e) {
      if (pool != null) {
        pool.close();
      }
      throw e;
    }
    changeLog = new JdbcChangeLog(db, dataSource, b.changeLogRetention,
        b.dataSource != null ? "datasource@" + System.identityHashCode(b.dataSource) : safeUrl,
        b.relayLease);
    List<Replica> opened = new ArrayList<>();
    try {
      for (ReplicaSpec spec : b.replicas) {
        opened.add(spec.dataSource() != null ? Replica.of(spec.dataSource())
            : Replica.open(spec.url(), spec.user(), spec.password(), b.poolSize,
                b.replicaTimeout));
      }
      replicaReads = new ReplicaReads(db, Jdbi.create(dataSource), opened, b.replicaMaxLag,
          b.replicaWait, b.holdOff, b.replicaCheckInterval);
    } catch (RuntimeException e) {
      opened.forEach(Replica::close);
      changeLog.close();
      if (pool != null) {
        pool.close();
      }
      throw failures.translate(e, "opening the replicas of database");
    }
    store = new JdbcWikiStore(db, changeLog, b.maxContentBytes, replicaReads);
    try {
      int indexed = store.backfillIndex();
      if (indexed > 0) {
        LoggerFactory.getLogger(JdbcWiki.class).info(
            "indexed the links and text of {} pages saved before the index existed", indexed);
      }
    } catch (RuntimeException e) {
      replicaReads.close();
      changeLog.close();
      if (pool != null) {
        pool.close();
      }
      throw failures.translate(e, "indexing the pages of database");
    }
    users = new JdbcUserProfiles(db, changeLog, b.accountPolicy, b.passwordHasher, replicaReads);
    sessions = new JdbcSessionStore(db, changeLog);  // always the primary: logins and logouts
    outbox = new JdbcOutbox(db);
    outboxPollInterval = b.outboxPollInterval;
    outboxBackoffBase = b.outboxBackoffBase;
    outboxBackoffMax = b.outboxBackoffMax;
  }

  private static void migrate(DataSource dataSource, DatabaseKind kind) {
    Map<String, String> placeholders = switch (kind) {
      case H2 -> Map.of(
          "identity", "BIGINT GENERATED BY DEFAULT AS IDENTITY NOT NULL",
          "name_type", "VARCHAR(255)",
          "text_type", "CHARACTER VARYING",
          "table_options", "");
      case POSTGRESQL -> Map.of(
          "identity", "BIGINT GENERATED BY DEFAULT AS IDENTITY NOT NULL",
          "name_type", "VARCHAR(255) COLLATE \"C\"",
          "text_type", "TEXT",
          "table_options", "");
      case MARIADB -> Map.of(
          "identity", "BIGINT NOT NULL AUTO_INCREMENT",
          "name_type", "VARCHAR(255)",
          "text_type", "LONGTEXT",
          "table_options",
          "ENGINE=InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin ROW_FORMAT=DYNAMIC");
    };
    String[] locations = switch (kind) {
      case MARIADB -> new String[] {"classpath:org/wikicache/jdbc/migration",
          "classpath:org/wikicache/jdbc/migration-mariadb"};
      case POSTGRESQL -> new String[] {"classpath:org/wikicache/jdbc/migration",
          "classpath:org/wikicache/jdbc/migration-postgresql"};
      case H2 -> new String[] {"classpath:org/wikicache/jdbc/migration"};
    };
    Flyway.configure(JdbcWiki.class.getClassLoader())
        .dataSource(dataSource)
        .locations(locations)
        .placeholders(placeholders)
        .table("wikicache_schema_history")
        .load()
        .migrate();
  }

  /**
   * An embedded H2 database in {@code dir} (created if missing), with the defaults.
   *
   * @throws StoreConfigurationException if the database cannot be opened as configured (the
   *     files belong to another user, a migration failed)
   * @throws StoreUnavailableException if it cannot be opened now
   */
  public static JdbcWiki h2(Path dir) {
    return newBuilder().h2(dir).build();
  }

  /**
   * A private in-memory H2 database named {@code name}, kept until {@link #close()}; for tests
   * and demos.
   */
  public static JdbcWiki h2InMemory(String name) {
    return newBuilder().h2InMemory(name).build();
  }

  /**
   * A database at {@code jdbcUrl} ({@code jdbc:h2:}, {@code jdbc:postgresql:} or
   * {@code jdbc:mariadb:}), with the defaults.
   *
   * @throws StoreConfigurationException if the settings are wrong: no driver for the URL, an
   *     unknown host, wrong credentials, a missing database or privilege, an unsupported
   *     product, or a failed schema migration
   * @throws StoreUnavailableException if the database cannot be reached now
   *     (messages name the URL without its password)
   */
  public static JdbcWiki connect(String jdbcUrl, String user, String password) {
    return newBuilder().url(jdbcUrl, user, password).build();
  }

  /**
   * A wiki over a {@link DataSource} the caller owns (and closes); the schema is migrated.
   *
   * @throws StoreConfigurationException if the settings are wrong: no driver for the URL, an
   *     unknown host, wrong credentials, a missing database or privilege, an unsupported
   *     product, or a failed schema migration
   * @throws StoreUnavailableException if the database cannot be reached now
   */
  public static JdbcWiki of(DataSource dataSource) {
    return newBuilder().dataSource(dataSource).build();
  }

  /** A builder for the options: content limit, clock, hasher, policy, pool, outbox timing. */
  public static Builder newBuilder() {
    return new Builder();
  }

  /** The pages and their revisions. */
  public JdbcWikiStore store() {
    return store;
  }

  /** The user accounts. */
  public JdbcUserProfiles users() {
    return users;
  }

  /**
   * The logged-in sessions, shared by every process of this database; each logout is recorded in
   * the {@linkplain #changeLog() change log} ({@code CachingStores#sessions} finds it by itself).
   */
  public JdbcSessionStore sessions() {
    return sessions;
  }

  /**
   * A secret every process of this database shares, such as the key that signs a web server's
   * CSRF cookies: made at random and stored the first time any process asks for {@code name},
   * then read back by everyone. Two processes that ask at once get the same secret (the first
   * insert wins under the primary key; the loser reads the winner's).
   *
   * @param name what the secret is for: 1 to 64 lower-case letters, digits, {@code -} or
   *     {@code .}
   * @param bytes its length when it is made: 32 to 128 (an existing secret keeps its length)
   * @return the secret's bytes
   * @throws IllegalArgumentException if {@code name} or {@code bytes} is out of range
   * @throws StoreUnavailableException if the database cannot be reached
   */
  public byte[] sharedSecret(String name, int bytes) {
    requireNonNull(name, "name");
    checkArgument(name.matches("[a-z0-9.-]{1,64}"),
        "name must be 1 to 64 lower-case letters, digits, '-' or '.': %s", name);
    checkArgument(bytes >= 32 && bytes <= 128, "bytes must be 32 to 128, was %s", bytes);
    java.util.Optional<String> stored = readSecret(name);
    if (stored.isEmpty()) {
      byte[] fresh = new byte[bytes];
      new java.security.SecureRandom().nextBytes(fresh);
      try {
        db.jdbi.useHandle(h -> h.createUpdate("INSERT INTO shared_secrets (name, secret,"
                + " created_at) VALUES (:name, :secret, :now)")
            .bind("name", name)
            .bind("secret", java.util.Base64.getEncoder().encodeToString(fresh))
            .bind("now", Database.micros(db.now()))
            .execute());
      } catch (org.jdbi.v3.core.JdbiException e) {
        if (!Database.isDuplicateKey(e)) {
          throw db.translate(e);
        }
      }
      stored = readSecret(name);  // ours, or the one that won the race
    }
    return java.util.Base64.getDecoder().decode(stored.orElseThrow(
        () -> new IllegalStateException("shared secret " + name + " vanished after its insert")));
  }

  private java.util.Optional<String> readSecret(String name) {
    return db.read(h -> h.createQuery("SELECT secret FROM shared_secrets WHERE name = :name")
        .bind("name", name).mapTo(String.class).findOne());
  }

  /**
   * The change log: what each committed write made obsolete, appended in the write's own
   * transaction. A caching layer over this wiki's stores reads it to invalidate in every process
   * ({@code CachingStores} finds it by itself when it decorates {@link #store()} or
   * {@link #users()}).
   */
  public ChangeLog changeLog() {
    return changeLog;
  }

  /**
   * Announces every edit and sign-up to {@code notifier}, exactly once, through the durable
   * outbox: from now on each save that makes a revision and each sign-up writes an outbox row in
   * its own transaction (a committed change always has its notification, a rolled-back one
   * never), and a daemon thread of this {@code JdbcWiki} delivers each row to {@code notifier}
   * and marks it sent. While {@code notifier} throws (a mail server down), the row is retried
   * with exponential backoff ({@link Builder#outboxBackoff}); edits never wait on it. Several
   * processes on one database may each do this: every row is delivered by one of them.
   * {@link #close()} stops the delivery.
   *
   * <p>This is the one way to notify with a database. Do <b>not</b> also give {@code notifier}
   * to {@code Wiki.Builder.notifier}: the {@code Wiki} would announce every event a second
   * time, synchronously and without retries. Without this call no outbox row is written.
   *
   * <p>Delivery is exactly once unless a process dies between a delivery and its
   * {@code markSent}, or a delivery outlasts the claim's five-minute lease: then that one event
   * is delivered again (at least once, never lost).
   *
   * <pre>{@code
   * JdbcWiki db = JdbcWiki.h2(Path.of("data/wiki"));
   * db.notifyThroughOutbox(EmailNotifier.newBuilder().smtp("smtp.example.org", 25)
   *     .admins(db.users()).build());
   * Wiki wiki = Wiki.newBuilder().store(db.store()).history(db.store()).users(db.users()).build();
   * }</pre>
   *
   * @param notifier who hears about each event; it must throw when a delivery fails (as
   *     wiki-email's {@code EmailNotifier} does), so that the delivery is retried
   * @throws IllegalStateException if this wiki already notifies (wrap several notifiers in one
   *     of your own) or is closed
   */
  public void notifyThroughOutbox(Notifier notifier) {
    requireNonNull(notifier, "notifier");
    synchronized (notifying) {
      checkState(!closed.get(), "this JdbcWiki is closed");
      checkState(dispatcher == null, "this JdbcWiki already notifies %s through its outbox",
          dispatcher == null ? "" : dispatcher.delegate());
      OutboxDispatcher d = OutboxDispatcher.newBuilder().outbox(outbox).delegate(notifier)
          .pollInterval(outboxPollInterval).backoffBase(outboxBackoffBase)
          .backoffMax(outboxBackoffMax).build();
      db.writeOutbox(true);
      d.start();
      dispatcher = d;
    }
  }

  /**
   * The notification outbox: how many notifications wait ({@link JdbcOutbox#pendingCount()}),
   * and the claim API a deliverer of your own would use. {@link #notifyThroughOutbox} is what
   * fills and drains it.
   */
  public JdbcOutbox outbox() {
    return outbox;
  }

  /** The Jdbi instance, for queries of your own (they are counted too). */
  public Jdbi jdbi() {
    return db.jdbi;
  }

  /** The shared state of the store, profiles and outbox; for tests in this package. */
  Database database() {
    return db;
  }

  /** Which database this is. */
  public DatabaseKind kind() {
    return db.kind;
  }

  /**
   * Opens a read-your-writes scope in the calling thread: until it is closed, reads of this
   * wiki's store and profiles use a replica only if it has replayed the change log through
   * {@code position} (and through every write the thread commits meanwhile, which
   * {@link ReadFloor#written()} then gives); otherwise they read the primary. Without replicas
   * the scope only records the positions written.
   *
   * <pre>{@code
   * try (ReadFloor scope = db.readingAtLeast(positionFromCookie)) {
   *   ... reads and writes of this request ...
   *   long remember = Math.max(positionFromCookie, scope.written());
   * }
   * }</pre>
   *
   * @param position a change log position from {@link ReadFloor#written()} (0: no floor)
   * @throws IllegalArgumentException if {@code position} is negative
   */
  public ReadFloor readingAtLeast(long position) {
    return ReadFloor.atLeast(position);
  }

  /** What the replicas have done so far (all zero without replicas). */
  public ReplicaStats replicaStats() {
    return replicaReads.stats();
  }

  /** Each replica's state (down, lag), for people; empty without replicas. */
  public List<String> describeReplicas() {
    return replicaReads.describe();
  }

  /** The number of SQL statements run so far, by the store, the profiles and the outbox. */
  public long queryCount() {
    return db.queryCount();
  }

  /**
   * Stops the notification delivery (the notification being delivered, if any, is finished
   * first), then closes the pool this wiki opened (an in-memory H2 database is dropped);
   * idempotent. Notifications not yet delivered stay in the outbox for the next open.
   */
  @Override
  public void close() {
    synchronized (notifying) {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      if (dispatcher != null) {
        dispatcher.stop();
      }
    }
    changeLog.close();
    replicaReads.close();
    if (shutdownSql != null) {
      try {
        db.jdbi.useHandle(h -> h.execute(shutdownSql));
      } catch (RuntimeException e) {
        // already gone
      }
    }
    if (pool != null) {
      pool.close();
    }
  }

  /** Builds a {@link JdbcWiki}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String url;
    private @Nullable String user;
    private @Nullable String password;
    private @Nullable DataSource dataSource;
    private boolean inMemoryH2;
    private int maxContentBytes = InMemoryWikiStore.DEFAULT_MAX_CONTENT_BYTES;
    private Clock clock = Clock.systemUTC();
    private PasswordHasher passwordHasher = PasswordHasher.DEFAULT;
    private AccountPolicy accountPolicy = AccountPolicy.DEFAULT;
    private int poolSize = 10;
    private Duration connectionTimeout = Duration.ofSeconds(5);
    private Duration changeLogRetention = DEFAULT_CHANGE_LOG_RETENTION;
    private Duration relayLease = Duration.ofSeconds(2);
    private Duration outboxPollInterval = Duration.ofSeconds(5);
    private Duration outboxBackoffBase = Duration.ofSeconds(30);
    private Duration outboxBackoffMax = Duration.ofHours(1);
    private final List<ReplicaSpec> replicas = new ArrayList<>();
    private Duration replicaMaxLag = Duration.ofSeconds(10);
    private Duration replicaWait = Duration.ZERO;
    private Duration replicaTimeout = Duration.ofSeconds(2);
    private Duration replicaCheckInterval = Duration.ofMillis(500);
    private Duration holdOff = DEFAULT_HOLD_OFF;

    private Builder() {}

    /**
     * Adds a read replica of the database at {@code jdbcUrl} (a PostgreSQL streaming replica, a
     * MariaDB replica), with these credentials (either may be null). Reads that may be slightly
     * old go to the replicas, round robin: page reads and listings, histories, revisions and
     * profiles by id or name. Writes, transactions, reads inside a save, password checks, the
     * change log and notification outbox stay on the primary. A caching layer's loads are
     * lag-safe ({@link org.wikicache.core.LagAware}), read-your-writes scopes
     * ({@link JdbcWiki#readingAtLeast}) are honoured, and a replica that is down or more than
     * {@link #replicaMaxLag} behind is skipped. The replica's schema is the primary's: it is
     * never migrated itself. At most 16 replicas.
     *
     * @throws IllegalArgumentException if {@code jdbcUrl} is not a JDBC URL or there are already
     *     16 replicas
     */
    public Builder replica(String jdbcUrl, @Nullable String user, @Nullable String password) {
      requireNonNull(jdbcUrl, "jdbcUrl");
      checkArgument(jdbcUrl.startsWith("jdbc:"), "not a JDBC URL: %s", Database.redact(jdbcUrl));
      addReplica(new ReplicaSpec(jdbcUrl, user, password, null));
      return this;
    }

    /**
     * Adds a read replica through a data source the caller owns (and closes); as
     * {@link #replica(String, String, String)}.
     */
    public Builder replica(DataSource dataSource) {
      addReplica(new ReplicaSpec(null, null, null, requireNonNull(dataSource, "dataSource")));
      return this;
    }

    private void addReplica(ReplicaSpec spec) {
      checkArgument(replicas.size() < MAX_REPLICAS, "at most %s replicas", MAX_REPLICAS);
      replicas.add(spec);
    }

    /**
     * A replica further behind the primary than this (checked every
     * {@link #replicaCheckInterval}) is skipped until it catches up; 10 seconds by default, at
     * least 100 ms.
     */
    public Builder replicaMaxLag(Duration maxLag) {
      requireNonNull(maxLag, "maxLag");
      checkArgument(maxLag.compareTo(Duration.ofMillis(100)) >= 0,
          "replicaMaxLag must be at least 100 ms, was %s", maxLag);
      this.replicaMaxLag = maxLag;
      return this;
    }

    /**
     * How long a read that needs a replica to have replayed more than it has (a lag-safe load, a
     * read-your-writes floor) waits for it before reading the primary; none by default, at most
     * 5 seconds.
     */
    public Builder replicaWait(Duration wait) {
      requireNonNull(wait, "wait");
      checkArgument(!wait.isNegative() && wait.compareTo(Duration.ofSeconds(5)) <= 0,
          "replicaWait must be 0 to 5 s, was %s", wait);
      this.replicaWait = wait;
      return this;
    }

    /**
     * How long a replica may take to hand out a connection or answer before it counts as down
     * and the read goes to the primary; 2 seconds by default, 250 ms to 1 minute.
     */
    public Builder replicaTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      checkArgument(timeout.compareTo(Duration.ofMillis(250)) >= 0
          && timeout.compareTo(Duration.ofMinutes(1)) <= 0,
          "replicaTimeout must be 250 ms to 1 minute, was %s", timeout);
      this.replicaTimeout = timeout;
      return this;
    }

    /** How often each replica's health and lag are checked; 500 ms by default, 10 ms to 1 minute. */
    public Builder replicaCheckInterval(Duration interval) {
      requireNonNull(interval, "interval");
      checkArgument(interval.compareTo(Duration.ofMillis(10)) >= 0
          && interval.compareTo(Duration.ofMinutes(1)) <= 0,
          "replicaCheckInterval must be 10 ms to 1 minute, was %s", interval);
      this.replicaCheckInterval = interval;
      return this;
    }

    /**
     * The window of the fixed hold-off rule that {@link ReplicaStats} compares the lag-safe rule
     * with (no fill from a replica within this long of a value's last change); 11 seconds by
     * default, as MediaWiki's WANObjectCache. It only changes statistics, never a read.
     */
    public Builder holdOff(Duration window) {
      this.holdOff = positive(window, "window");
      return this;
    }

    /** An embedded H2 database file in {@code dir}, created if missing. */
    public Builder h2(Path dir) {
      requireNonNull(dir, "dir");
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the database directory " + dir, e);
      }
      return url("jdbc:h2:file:" + dir.toAbsolutePath().resolve("wiki") + ";LOCK_TIMEOUT=10000",
          "sa", "");
    }

    /** A private in-memory H2 database named {@code name} (letters, digits, {@code _}, {@code -}). */
    public Builder h2InMemory(String name) {
      requireNonNull(name, "name");
      checkArgument(name.matches("[A-Za-z0-9_-]{1,100}"),
          "in-memory database name must be 1 to 100 letters, digits, '_' or '-': %s", name);
      url("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", "sa", "");
      inMemoryH2 = true;
      return this;
    }

    /** The database at {@code jdbcUrl}, with these credentials (either may be null). */
    public Builder url(String jdbcUrl, @Nullable String user, @Nullable String password) {
      requireNonNull(jdbcUrl, "jdbcUrl");
      checkArgument(jdbcUrl.startsWith("jdbc:"), "not a JDBC URL: %s", Database.redact(jdbcUrl));
      this.url = jdbcUrl;
      this.user = user;
      this.password = password;
      this.dataSource = null;
      this.inMemoryH2 = false;
      return this;
    }

    /**
     * A data source the caller owns: no pool is made, and {@link #close()} leaves it open. Give
     * it READ COMMITTED isolation.
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = requireNonNull(dataSource, "dataSource");
      this.url = null;
      this.inMemoryH2 = false;
      return this;
    }

    /** The largest page content accepted, in UTF-8 bytes; 2 MiB by default. */
    public Builder maxContentBytes(int maxContentBytes) {
      checkArgument(maxContentBytes > 0, "maxContentBytes must be positive, was %s",
          maxContentBytes);
      this.maxContentBytes = maxContentBytes;
      return this;
    }

    /** The clock for revision, account and outbox times; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** The password hasher; {@link PasswordHasher#DEFAULT} by default (tests use fewer rounds). */
    public Builder passwordHasher(PasswordHasher passwordHasher) {
      this.passwordHasher = requireNonNull(passwordHasher, "passwordHasher");
      return this;
    }

    /** The sign-up rules; {@link AccountPolicy#DEFAULT} by default. */
    public Builder accountPolicy(AccountPolicy accountPolicy) {
      this.accountPolicy = requireNonNull(accountPolicy, "accountPolicy");
      return this;
    }

    /**
     * The most pooled connections, 2 to 200; 10 by default. Migrations hold two at once, and on
     * PostgreSQL a caching layer's change-log relay keeps one for LISTEN.
     */
    public Builder poolSize(int poolSize) {
      checkArgument(poolSize >= 2 && poolSize <= 200,
          "poolSize must be 2 to 200 (migrations hold two connections at once), was %s",
          poolSize);
      this.poolSize = poolSize;
      return this;
    }

    /** How long a call waits for a pooled connection before failing; 5 seconds by default. */
    public Builder connectionTimeout(Duration connectionTimeout) {
      requireNonNull(connectionTimeout, "connectionTimeout");
      checkArgument(connectionTimeout.toMillis() >= 250,
          "connectionTimeout must be at least 250 ms, was %s", connectionTimeout);
      this.connectionTimeout = connectionTimeout;
      return this;
    }

    /**
     * How long the delivery thread of {@link JdbcWiki#notifyThroughOutbox} waits when the outbox
     * had nothing to deliver; 5 seconds by default. A notification takes up to this long to go
     * out.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder outboxPollInterval(Duration pollInterval) {
      this.outboxPollInterval = positive(pollInterval, "pollInterval");
      return this;
    }

    /**
     * How long change log entries are kept; 2 hours by default. A caching layer refuses to keep
     * a value it may have to invalidate for longer than this (minus its relay lease), because a
     * process that starts later replays only what the log still holds.
     */
    public Builder changeLogRetention(Duration retention) {
      requireNonNull(retention, "retention");
      checkArgument(retention.compareTo(Duration.ofMinutes(1)) >= 0,
          "changeLogRetention must be at least a minute, was %s", retention);
      this.changeLogRetention = retention;
      return this;
    }

    /**
     * The longest relay lease of the caching layers that relay this wiki's change log (their
     * {@code CachingStores.Builder.relayLease}, 2 s by default). A write made in a process where
     * no caching layer relays the log (a batch job on a bare {@code JdbcWiki}) waits, before it
     * returns, until every other process's relay has reported it, or has been silent for this
     * long, or this long has passed: then no process reads a value the write made obsolete.
     * Between 100 ms and 1 minute.
     */
    public Builder relayLease(Duration lease) {
      requireNonNull(lease, "lease");
      checkArgument(lease.compareTo(Duration.ofMillis(100)) >= 0
          && lease.compareTo(Duration.ofMinutes(1)) <= 0,
          "relayLease must be between 100 ms and 1 minute, was %s", lease);
      this.relayLease = lease;
      return this;
    }

    /**
     * The wait before retrying a notification whose delivery failed: {@code base} after the
     * first failure, doubled after each further one, at most {@code max}; 30 seconds and one
     * hour by default.
     *
     * @throws IllegalArgumentException if either is not positive or {@code max < base}
     */
    public Builder outboxBackoff(Duration base, Duration max) {
      positive(base, "base");
      positive(max, "max");
      checkArgument(max.compareTo(base) >= 0, "max (%s) must be at least base (%s)", max, base);
      this.outboxBackoffBase = base;
      this.outboxBackoffMax = max;
      return this;
    }

    private static Duration positive(Duration d, String what) {
      requireNonNull(d, what);
      checkArgument(!d.isNegative() && !d.isZero(), "%s must be positive, was %s", what, d);
      return d;
    }

    /**
     * Opens the database and migrates its schema.
     *
     * @throws StoreConfigurationException if the settings are wrong: no driver for the URL, an
     *     unknown host, wrong credentials, a missing database or privilege, an unsupported
     *     product, or a failed schema migration
     * @throws StoreUnavailableException if the database cannot be reached now
     * @throws IllegalStateException if no database was given
     */
    public JdbcWiki build() {
      return new JdbcWiki(this);
    }
  }
}
