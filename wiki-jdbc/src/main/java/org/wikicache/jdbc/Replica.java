package org.wikicache.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * One read replica of a {@link JdbcWiki}: its connections (a read-only pool this class opened,
 * or a data source the caller owns) and its health as last seen (down, too far behind). The
 * replica replays the primary's change log like every other table, so its
 * {@code change_log_head} row says how far it has replayed. Thread-safe.
 */
final class Replica implements AutoCloseable {
  final String name;
  /** Reads for the store: counted like the primary's statements. */
  final Jdbi reads;
  /** Health checks: not counted. */
  final Jdbi checks;
  private final @Nullable HikariDataSource pool;
  private volatile boolean down;
  private volatile boolean behind;
  private volatile long lagMillis;
  private final AtomicLong knownHead = new AtomicLong();
  private volatile long seenAtNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

  private Replica(String name, DataSource dataSource, @Nullable HikariDataSource pool) {
    this.name = name;
    this.reads = Jdbi.create(dataSource);
    this.checks = Jdbi.create(dataSource);
    this.pool = pool;
  }

  /** A replica over a pool opened on {@code url}; opening never fails for a replica that is down. */
  static Replica open(String url, @Nullable String user, @Nullable String password,
      int poolSize, Duration timeout) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(Math.min(2, poolSize));
    config.setConnectionTimeout(Math.max(250, timeout.toMillis()));
    config.setValidationTimeout(Math.max(250, timeout.toMillis()));
    config.setInitializationFailTimeout(-1);  // a replica that is down now must not stop the wiki
    config.setReadOnly(true);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    config.setPoolName("wikicache-replica-" + Integer.toHexString(url.hashCode()) + "-"
        + Integer.toHexString(System.identityHashCode(config)));
    String u = url.toLowerCase(Locale.ROOT);
    long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
    if (u.startsWith("jdbc:postgresql:")) {  // a stalled link must not hang a read
      config.addDataSourceProperty("socketTimeout", Long.toString(seconds));
      config.addDataSourceProperty("connectTimeout", Long.toString(seconds));
      config.addDataSourceProperty("loginTimeout", Long.toString(seconds));
    } else if (u.startsWith("jdbc:mariadb:") || u.startsWith("jdbc:mysql:")) {
      config.addDataSourceProperty("socketTimeout", Long.toString(timeout.toMillis()));
      config.addDataSourceProperty("connectTimeout", Long.toString(timeout.toMillis()));
    }
    HikariDataSource pool = new HikariDataSource(config);
    return new Replica(Database.redact(url), pool, pool);
  }

  /** A replica over a data source the caller owns (and closes). */
  static Replica of(DataSource dataSource) {
    return new Replica("datasource@" + System.identityHashCode(dataSource), dataSource, null);
  }

  /** What a read on the replica found: how far it had replayed, and the value if it served. */
  record Replayed<T>(long head, boolean served, @Nullable T value) {}

  /**
   * On one connection of the replica: reads how far it has replayed the change log and, if that
   * is at least {@code required}, runs {@code callback}. No transaction is needed: a replica only
   * replays forward, so the snapshot of the read, taken after that of the head, holds at least
   * every change the head showed.
   */
  <T> Replayed<T> readIfReplayed(long required, HandleCallback<T, RuntimeException> callback) {
    return reads.withHandle(h -> {
      long head = head(h);
      seen(head);
      if (head < required) {
        return new Replayed<T>(head, false, null);
      }
      return new Replayed<>(head, true, callback.withHandle(h));
    });
  }

  /**
   * The highest change log position this replica was seen to have replayed (by a check or a
   * read): a lower bound of where it is now.
   */
  long knownHead() {
    return knownHead.get();
  }

  /** True if the replica was seen below {@code position} within the last {@code nanos}. */
  boolean recentlySeenBelow(long position, long nanos) {
    return knownHead.get() < position && System.nanoTime() - seenAtNanos < nanos;
  }

  private void seen(long head) {
    knownHead.accumulateAndGet(head, Math::max);
    seenAtNanos = System.nanoTime();
  }

  /** A plain read, with no check of how far the replica has replayed. */
  <T> T read(HandleCallback<T, RuntimeException> callback) {
    return reads.withHandle(callback);
  }

  /** How far the replica has replayed the change log (a health check; not counted). */
  long replayedHead() {
    long head = checks.withHandle(Replica::head);
    seen(head);
    return head;
  }

  private static long head(Handle h) {
    return h.createQuery("SELECT position FROM change_log_head WHERE id = 1")
        .mapTo(Long.class).one();
  }

  boolean usable() {
    return !down && !behind;
  }

  boolean down() {
    return down;
  }

  void markDown() {
    down = true;
  }

  /** Records a successful check: up, and {@code lag} behind the primary. */
  void checked(Duration lag, Duration maxLag) {
    lagMillis = lag.toMillis();
    behind = lag.compareTo(maxLag) > 0;
    down = false;
  }

  long lagMillis() {
    return lagMillis;
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.close();
    }
  }

  @Override
  public String toString() {
    return "replica " + name + (down ? " (down)" : behind ? " (behind " + lagMillis + " ms)" : "");
  }
}
