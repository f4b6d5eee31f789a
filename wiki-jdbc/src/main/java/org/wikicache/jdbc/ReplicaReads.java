package org.wikicache.jdbc;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wikicache.core.ChangeLog.Change;
import org.wikicache.core.PageName;

/**
 * Routes the reads of a {@link JdbcWiki}'s store and profiles that may be slightly old to its
 * replicas, and keeps three rules:
 *
 * <ul>
 *   <li><b>Lag-safe reads</b> (inside {@link #lagSafe}: a caching layer's loads, after it took its
 *       lease): the primary is asked for the position P of the latest logged change of what is
 *       read (an index lookup in {@code change_log}; when the log holds none, the oldest position
 *       it still holds, which is above that change's); the replica then reads how far it has
 *       replayed, H, and then the value, on one connection (a replica only replays forward, so
 *       the value's snapshot holds everything H showed); the value is used only if H &ge; P, else
 *       the primary is read (at once if the replica was seen below P in the last 50 ms). Every change committed before the read began has a position &le; P
 *       (positions commit in order), and a replica that shows P shows every change through P, so the value is as new as every change committed before the lease was taken;
 *       changes after that delete the lease. A position a relay of this process has seen is not
 *       enough: another process's writer may have deleted the key before this relay read its
 *       entry, and a replica behind that entry would then fill the old value for good.
 *   <li><b>Read-your-writes</b>: inside a {@link ReadFloor}, a replica is used only if H is at
 *       least the floor.
 *   <li><b>Health</b>: a replica whose read or check fails is skipped until a check succeeds; a
 *       replica more than the maximum lag behind (checked every interval) is skipped until it
 *       catches up. With no usable replica, reads go to the primary.
 * </ul>
 *
 * <p>Thread-safe.
 */
final class ReplicaReads implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaReads.class);
  private static final long POLL_MILLIS = 20;
  /** How long a replica seen below a position is not asked again for it. */
  private static final long SEEN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** What a read reads, in the change log's terms. */
  record Target(Change.@Nullable Kind kind, List<String> subjects) {
    /** Everything (a listing across pages): any change may show in it. */
    static final Target EVERYTHING = new Target(null, List.of());

    static Target page(PageName name) {
      return new Target(Change.Kind.PAGE, List.of(name.value()));
    }

    static Target pages(Collection<String> names) {
      return new Target(Change.Kind.PAGE, List.copyOf(names));
    }

    static Target user(long id) {
      return new Target(Change.Kind.USER, List.of(Long.toString(id)));
    }

    /** A user by name, compared lower-cased as the log records it. */
    static Target username(String username) {
      return new Target(Change.Kind.USERNAME, List.of(username.toLowerCase(Locale.ROOT)));
    }
  }

  /** The latest logged change of a target: its position, and its age by the database's clock. */
  private record Latest(long position, long ageMicros) {}

  private final Database db;
  private final Jdbi checks;
  private final List<Replica> replicas;
  private final Duration maxLag;
  private final Duration wait;
  private final Duration holdOff;
  private final ThreadLocal<int[]> lagSafeDepth = ThreadLocal.withInitial(() -> new int[1]);
  private final AtomicInteger next = new AtomicInteger();
  private final @Nullable ScheduledExecutorService monitor;
  private final LongAdder replicaReads = new LongAdder();
  private final LongAdder primaryReads = new LongAdder();
  private final LongAdder fillsAllowed = new LongAdder();
  private final LongAdder fillsRefused = new LongAdder();
  private final LongAdder holdOffAllowed = new LongAdder();
  private final LongAdder holdOffRefused = new LongAdder();
  private final LongAdder holdOffSaved = new LongAdder();
  private final LongAdder holdOffStale = new LongAdder();
  private final LongAdder floorRefused = new LongAdder();
  private final LongAdder failures = new LongAdder();

  /**
   * @param checks an uncounted Jdbi on the primary, for health checks
   * @param maxLag a replica further behind is skipped
   * @param wait how long a read waits for a replica below what it needs before reading the primary
   * @param holdOff the window of the hold-off rule the statistics compare with
   * @param checkInterval how often each replica's health and lag are checked
   */
  ReplicaReads(Database db, Jdbi checks, List<Replica> replicas, Duration maxLag, Duration wait,
      Duration holdOff, Duration checkInterval) {
    this.db = db;
    this.checks = checks;
    this.replicas = List.copyOf(replicas);
    this.maxLag = maxLag;
    this.wait = wait;
    this.holdOff = holdOff;
    for (Replica replica : this.replicas) {
      db.countStatementsOf(replica.reads);
    }
    if (this.replicas.isEmpty()) {
      monitor = null;
    } else {
      check();
      monitor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wikicache-replica-check");
        t.setDaemon(true);
        return t;
      });
      long every = checkInterval.toMillis();
      monitor.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }
  }

  boolean hasReplicas() {
    return !replicas.isEmpty();
  }

  /** Runs {@code read} with the lag-safe rule for the calling thread's reads. */
  <T> T lagSafe(Supplier<T> read) {
    requireNonNull(read, "read");
    if (replicas.isEmpty()) {
      return read.get();
    }
    int[] depth = lagSafeDepth.get();
    depth[0]++;
    try {
      return read.get();
    } finally {
      depth[0]--;
    }
  }

  /**
   * Runs {@code callback} on a usable replica under the calling thread's rules (lag-safe, read
   * floor), else on the primary.
   */
  <T> T read(Target target, HandleCallback<T, RuntimeException> callback) {
    if (replicas.isEmpty()) {
      return db.read(callback);
    }
    Replica replica = pick();
    if (replica == null) {
      primaryReads.increment();
      return db.read(callback);
    }
    boolean lagSafe = lagSafeDepth.get()[0] > 0;
    long floor = ReadFloor.currentFloor();
    Latest latest = lagSafe ? latest(target) : null;
    long required = Math.max(floor, latest == null ? 0 : latest.position());
    try {
      if (required == 0) {
        T value = replica.read(callback);
        replicaReads.increment();
        return value;
      }
      if (wait.isZero() && replica.recentlySeenBelow(required, SEEN_NANOS)) {
        // Seen below it a moment ago: refuse without asking (the primary is always right).
        judgeAndRefuse(latest, replica.knownHead());
      } else {
        Replica.Replayed<T> r = replica.readIfReplayed(required, callback);
        long firstHead = r.head();
        long deadline = System.nanoTime() + wait.toNanos();
        while (!r.served() && System.nanoTime() < deadline) {
          sleep();
          r = replica.readIfReplayed(required, callback);
        }
        if (r.served()) {
          if (latest != null) {
            judge(latest, firstHead);
            fillsAllowed.increment();
          }
          replicaReads.increment();
          return r.value();
        }
        judgeAndRefuse(latest, r.head());
      }
    } catch (JdbiException e) {
      failed(replica, e);
    }
    primaryReads.increment();
    return db.read(callback);
  }

  /** Counts a read refused by a replica at {@code head}: for lag, or below the floor. */
  private void judgeAndRefuse(@Nullable Latest latest, long head) {
    if (latest != null) {
      judge(latest, head);
    }
    if (latest != null && head < latest.position()) {
      fillsRefused.increment();
    } else {
      floorRefused.increment();
    }
  }

  /** Counts what the hold-off rule would have done with a lag-safe read of a replica at head. */
  private void judge(Latest latest, long head) {
    boolean holdOffAllows = latest.ageMicros() >= holdOff.toNanos() / 1000;
    boolean replayed = head >= latest.position();
    if (holdOffAllows) {
      holdOffAllowed.increment();
      if (!replayed) {
        holdOffStale.increment();
      }
    } else {
      holdOffRefused.increment();
      if (replayed) {
        holdOffSaved.increment();
      }
    }
  }

  private void failed(Replica replica, Exception e) {
    failures.increment();
    if (!replica.down()) {
      LOG.warn("{} failed; reading the primary until it answers again: {}", replica,
          e.toString());
    }
    replica.markDown();
  }

  /** The next usable replica, round robin; null if none is. */
  private @Nullable Replica pick() {
    int n = replicas.size();
    int start = Math.floorMod(next.getAndIncrement(), n);
    for (int i = 0; i < n; i++) {
      Replica r = replicas.get((start + i) % n);
      if (r.usable()) {
        return r;
      }
    }
    return null;
  }

  /** The latest logged change of {@code target}, read on the primary. */
  private Latest latest(Target target) {
    String now = db.kind.nowMicrosSql();
    return db.read(h -> {
      if (target.kind() == null) {
        return h.createQuery("SELECT h.position AS p, " + now + " - COALESCE((SELECT c.created_at"
                + " FROM change_log c WHERE c.position = h.position), 0) AS age"
                + " FROM change_log_head h WHERE h.id = 1")
            .map((rs, ctx) -> new Latest(rs.getLong("p"), rs.getLong("age"))).one();
      }
      return h.createQuery("SELECT h.position AS head,"
              + " (SELECT MIN(c.position) FROM change_log c) AS oldest,"
              + " (SELECT MAX(c.position) FROM change_log c WHERE c.kind = :kind"
              + " AND c.subject IN (<subjects>)) AS latest,"
              + " " + now + " - (SELECT MAX(c.created_at) FROM change_log c WHERE c.kind = :kind"
              + " AND c.subject IN (<subjects>)) AS age"
              + " FROM change_log_head h WHERE h.id = 1")
          .bind("kind", target.kind().name())
          .bindList("subjects", target.subjects())
          .map((rs, ctx) -> {
            long latest = rs.getLong("latest");
            if (!rs.wasNull()) {
              return new Latest(latest, rs.getLong("age"));
            }
            long oldest = rs.getLong("oldest");
            // Never changed while the log kept entries: its change is below the oldest kept.
            return new Latest(rs.wasNull() ? rs.getLong("head") : oldest, Long.MAX_VALUE);
          })
          .one();
    });
  }

  /** Checks each replica: up or down, and how far behind the primary. */
  private void check() {
    long primaryHead;
    try {
      primaryHead = checks.withHandle(h -> h.createQuery(
          "SELECT position FROM change_log_head WHERE id = 1").mapTo(Long.class).one());
    } catch (RuntimeException e) {
      return;  // the primary is out of reach: nothing to compare with
    }
    for (Replica replica : replicas) {
      try {
        long head = replica.replayedHead();
        Duration lag = head >= primaryHead ? Duration.ZERO : lagAfter(head);
        boolean wasDown = replica.down();
        replica.checked(lag, maxLag);
        if (wasDown) {
          LOG.info("{} answers again", replica);
        }
      } catch (RuntimeException e) {
        failed(replica, e);
      }
    }
  }

  /** How long ago the first change a replica at {@code head} has not replayed was committed. */
  private Duration lagAfter(long head) {
    String now = db.kind.nowMicrosSql();
    Long micros = checks.withHandle(h -> h.createQuery("SELECT " + now + " - MIN(c.created_at)"
            + " FROM change_log c WHERE c.position = :next")
        .bind("next", head + 1).mapTo(Long.class).findOne().orElse(null));
    return micros == null ? Duration.ofDays(365) : Duration.ofNanos(Math.max(0, micros) * 1000);
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a replica", e);
    }
  }

  ReplicaStats stats() {
    int healthy = 0;
    for (Replica r : replicas) {
      if (r.usable()) {
        healthy++;
      }
    }
    return new ReplicaStats(replicas.size(), healthy, replicaReads.sum(), primaryReads.sum(),
        fillsAllowed.sum(), fillsRefused.sum(), holdOffAllowed.sum(), holdOffRefused.sum(),
        holdOffSaved.sum(), holdOffStale.sum(), floorRefused.sum(), failures.sum(), holdOff);
  }

  /** The replicas' current state, for people. */
  List<String> describe() {
    List<String> out = new ArrayList<>();
    for (Replica r : replicas) {
      out.add(r + ", lag " + r.lagMillis() + " ms");
    }
    return out;
  }

  @Override
  public void close() {
    if (monitor != null) {
      monitor.shutdownNow();
      try {
        monitor.awaitTermination(5, TimeUnit.SECONDS);  // a check under way ends first
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Replica r : replicas) {
      r.close();
    }
  }
}
