package org.wikicache.jdbc;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wikicache.core.ChangeLog;

/**
 * The {@link ChangeLog} of a {@link JdbcWiki}: the {@code change_log}, {@code change_log_head} and
 * {@code cache_relays} tables.
 *
 * <p>Writers append inside their own transaction ({@link #write}); the head row, updated last in
 * each writing transaction, hands out positions, and its row lock makes transactions that change
 * something commit in position order. Reads, reports and the registry run on a Jdbi of their own
 * that is not counted in {@link JdbcWiki#queryCount()}: they are the relays' background work, not
 * the store's. Entries older than the retention are deleted now and then by a reader.
 *
 * <p>Activity reaches subscribers from every {@code JdbcChangeLog} of the same database in this
 * JVM at once, and on PostgreSQL from other processes through LISTEN/NOTIFY.
 */
final class JdbcChangeLog implements ChangeLog {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcChangeLog.class);
  private static final long PRUNE_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  /** The logs of each database in this JVM, so that one's appends wake the others' readers. */
  private static final ConcurrentHashMap<String, Set<JdbcChangeLog>> LOCAL =
      new ConcurrentHashMap<>();

  private final Database db;
  private final Jdbi background;
  private final Duration retention;
  private final String identity;
  private final boolean singleProcess;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final AtomicLong lastPruneNanos = new AtomicLong(System.nanoTime());
  private final @Nullable PostgresNotifications notifications;
  private final RelayWait relayWait;

  JdbcChangeLog(Database db, DataSource dataSource, Duration retention, String identity,
      Duration relayLease) {
    this.db = db;
    this.relayWait = new RelayWait(this, relayLease);
    this.background = Jdbi.create(dataSource);
    this.retention = retention;
    this.identity = identity;
    this.singleProcess = db.kind == DatabaseKind.H2 && isPrivateH2(identity);
    this.notifications = db.kind == DatabaseKind.POSTGRESQL
        ? new PostgresNotifications(dataSource, channel(), this::fireActivity)
        : null;
    LOCAL.computeIfAbsent(identity, k -> ConcurrentHashMap.newKeySet()).add(this);
  }

  /** An H2 database no other process can open: in memory, or a file without AUTO_SERVER. */
  private static boolean isPrivateH2(String url) {
    String u = url.toUpperCase(Locale.ROOT);
    return !u.contains("AUTO_SERVER=TRUE") && !u.startsWith("JDBC:H2:TCP:")
        && !u.startsWith("JDBC:H2:SSL:");
  }

  private String channel() {
    String schema = background.withHandle(h -> h.createQuery("SELECT current_schema()")
        .mapTo(String.class).one());
    return "wikicache_" + Integer.toHexString(schema.hashCode() & 0x7fffffff);
  }

  /** A write transaction's work, given a way to append to this log inside the transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Handle handle, Appender log);
  }

  /** Appends changes inside the current transaction. */
  @FunctionalInterface
  interface Appender {
    void append(Collection<Change> changes);
  }

  /**
   * Runs {@code work} in one transaction (retried like every write), then tells the subscribers
   * what it appended, before returning. If the transaction fails after its work completed (at
   * COMMIT, so it may have committed), the subscribers hear {@link Subscriber#uncertain()}
   * before the failure is thrown.
   */
  <T> T write(Work<T> work) {
    List<Entry> appended = new ArrayList<>();
    AtomicBoolean workDone = new AtomicBoolean();  // per attempt: failures after it are at COMMIT
    AtomicBoolean started = new AtomicBoolean();  // the subscribers heard writeStarting
    try {
      T result;
      try {
        result = db.write(h -> {
          appended.clear();
          workDone.set(false);
          T value = work.run(h, changes -> appended.addAll(append(h, changes)));
          workDone.set(true);
          if (!appended.isEmpty() && started.compareAndSet(false, true)) {
            for (Subscriber s : subscribers) {
              call(s::writeStarting);  // before COMMIT makes the entries readable
            }
          }
          return value;
        });
      } catch (RuntimeException e) {
        writeEnded(started);
        if (workDone.get() && !Database.isRetryable(e)) {
          for (Subscriber s : subscribers) {
            call(s::uncertain);
          }
        }
        throw e;
      }
      if (appended.isEmpty()) {
        return result;
      }
      long last = appended.get(appended.size() - 1).position();
      ReadFloor.wrote(last);
      for (Subscriber s : subscribers) {
        call(() -> s.committed(appended));
      }
      writeEnded(started);
      signalLocal();  // wakes every relay of this JVM before anyone waits for them
      boolean awaited = false;
      for (Subscriber s : subscribers) {
        call(() -> s.awaitDelivered(last));
        awaited |= s.awaitsRelays();
      }
      if (!awaited) {
        relayWait.await(last);  // no caching layer here: other processes' layers may relay
      }
      return result;
    } finally {
      writeEnded(started);  // once, whatever was thrown
    }
  }

  private void writeEnded(AtomicBoolean started) {
    if (started.getAndSet(false)) {
      for (Subscriber s : subscribers) {
        call(s::writeEnded);
      }
    }
  }

  private List<Entry> append(Handle h, Collection<Change> changes) {
    if (changes.isEmpty()) {
      return List.of();
    }
    int n = changes.size();
    String now = db.kind.nowMicrosSql();  // the database's clock: one for every process
    long[] head;
    if (db.kind == DatabaseKind.POSTGRESQL) {
      head = h.createQuery("UPDATE change_log_head SET position = position + :n WHERE id = 1"
              + " RETURNING position, " + now + " AS now")
          .bind("n", n).map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one();
      h.createQuery("SELECT pg_notify(:channel, '')").bind("channel", notifications.channel())
          .mapTo(String.class).one();
    } else {
      h.createUpdate("UPDATE change_log_head SET position = position + :n WHERE id = 1")
          .bind("n", n).execute();
      head = h.createQuery("SELECT position, " + now + " AS now FROM change_log_head WHERE id = 1")
          .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one();
    }
    long last = head[0];
    Instant time = Database.instant(head[1]);
    List<Entry> entries = new ArrayList<>(n);
    PreparedBatch batch = h.prepareBatch("INSERT INTO change_log (position, kind, subject,"
        + " created_at) VALUES (:position, :kind, :subject, :time)");
    long position = last - n;
    for (Change change : changes) {
      Entry entry = new Entry(++position, change, time);
      entries.add(entry);
      batch.bind("position", entry.position()).bind("kind", change.kind().name())
          .bind("subject", change.subject()).bind("time", head[1]).add();
    }
    batch.execute();
    return entries;
  }

  @Override
  public List<Entry> read(long after, int limit) {
    checkArgument(after >= 0, "after must be >= 0, was %s", after);
    checkArgument(limit >= 1 && limit <= MAX_READ, "limit must be 1 to %s, was %s", MAX_READ,
        limit);
    pruneNowAndThen();
    return background(h -> h.createQuery("SELECT position, kind, subject, created_at"
            + " FROM change_log WHERE position > :after ORDER BY position LIMIT :limit")
        .bind("after", after)
        .bind("limit", limit)
        .map((rs, ctx) -> new Entry(rs.getLong("position"),
            new Change(Change.Kind.valueOf(rs.getString("kind")), rs.getString("subject")),
            Database.instant(rs.getLong("created_at"))))
        .list());
  }

  private void pruneNowAndThen() {
    long last = lastPruneNanos.get();
    long now = System.nanoTime();
    if (now - last >= PRUNE_INTERVAL_NANOS && lastPruneNanos.compareAndSet(last, now)) {
      prune();
    }
  }

  /**
   * Deletes the entries older than the retention, by the database's clock (a process whose own
   * clock runs ahead must not prune what other relays still need); returns how many.
   */
  int prune() {
    long retentionMicros = retention.toNanos() / 1000;
    int deleted = background(h -> h.createUpdate("DELETE FROM change_log WHERE created_at < "
            + db.kind.nowMicrosSql() + " - :retention")
        .bind("retention", retentionMicros).execute());
    if (deleted > 0) {
      LOG.debug("pruned {} change log entries older than {}", deleted, retention);
    }
    return deleted;
  }

  @Override
  public long head() {
    return background(h -> h.createQuery("SELECT position FROM change_log_head WHERE id = 1")
        .mapTo(Long.class).one());
  }

  @Override
  public Duration retention() {
    return retention;
  }

  @Override
  public long register(String description) {
    requireNonNull(description, "description");
    String cut = description.length() <= 200 ? description : description.substring(0, 200);
    long id = background(h -> h.createUpdate("INSERT INTO cache_relays (description, position,"
            + " version, registered_at) VALUES (:description, 0, 0, :now)")
        .bind("description", cut)
        .bind("now", Database.micros(db.now()))
        .executeAndReturnGeneratedKeys(db.kind == DatabaseKind.H2 ? "ID" : "id")
        .mapTo(Long.class)
        .one());
    signalEverywhere();
    return id;
  }

  @Override
  public boolean report(long relay, long position) {
    checkArgument(position >= 0, "position must be >= 0, was %s", position);
    int updated = background(h -> h.createUpdate("UPDATE cache_relays SET position = :position,"
            + " version = version + 1 WHERE id = :id")
        .bind("position", position)
        .bind("id", relay)
        .execute());
    signalEverywhere();
    return updated == 1;
  }

  @Override
  public List<RelayState> relays() {
    return background(h -> h.createQuery("SELECT id, description, position, version"
            + " FROM cache_relays ORDER BY id")
        .map((rs, ctx) -> new RelayState(rs.getLong("id"), rs.getString("description"),
            rs.getLong("position"), rs.getLong("version")))
        .list());
  }

  @Override
  public void unregister(long relay) {
    background(h -> h.createUpdate("DELETE FROM cache_relays WHERE id = :id")
        .bind("id", relay).execute());
    signalEverywhere();
  }

  @Override
  public boolean unregisterIfUnchanged(long relay, long version) {
    int deleted = background(h -> h.createUpdate(
            "DELETE FROM cache_relays WHERE id = :id AND version = :version")
        .bind("id", relay).bind("version", version).execute());
    return deleted == 1;
  }

  @Override
  public AutoCloseable subscribe(Subscriber subscriber) {
    requireNonNull(subscriber, "subscriber");
    subscribers.add(subscriber);
    if (notifications != null) {
      notifications.start();
    }
    return () -> subscribers.remove(subscriber);
  }

  @Override
  public boolean pushesRemoteActivity() {
    return singleProcess || (notifications != null && notifications.listening());
  }

  /** Stops listening and leaves the JVM-wide set of logs; called by {@link JdbcWiki#close()}. */
  void close() {
    Set<JdbcChangeLog> logs = LOCAL.get(identity);
    if (logs != null) {
      logs.remove(this);
    }
    if (notifications != null) {
      notifications.close();
    }
  }

  /** Wakes the readers of every log of this database in this JVM (other processes: NOTIFY). */
  private void signalLocal() {
    for (JdbcChangeLog log : LOCAL.getOrDefault(identity, Set.of())) {
      log.fireActivity();
    }
  }

  private void signalEverywhere() {
    signalLocal();
    if (notifications != null) {
      try {
        background(h -> h.createQuery("SELECT pg_notify(:channel, '')")
            .bind("channel", notifications.channel()).mapTo(String.class).one());
      } catch (RuntimeException e) {
        LOG.debug("could not notify other processes", e);
      }
    }
  }

  private void fireActivity() {
    for (Subscriber s : subscribers) {
      call(s::activity);
    }
  }

  private <T> T background(org.jdbi.v3.core.HandleCallback<T, RuntimeException> callback) {
    try {
      return background.withHandle(callback);
    } catch (JdbiException e) {
      throw db.translate(e);  // the StoreException family, like every other store call
    }
  }

  private static void call(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("change log subscriber failed", e);
    }
  }
}
