package org.wikicache.cache;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wikicache.core.ChangeLog;
import org.wikicache.core.ChangeLog.Entry;
import org.wikicache.core.ChangeLog.RelayState;
import org.wikicache.core.internal.RelayWatch;

/**
 * Delivers one {@link ChangeLog} to this layer's cache: the relay of one caching layer.
 *
 * <p>A thread reads the log from where it stopped, deletes the keys each entry makes obsolete
 * (in memcache, then in the near cache), and reports in the log's registry how far it has read.
 * It keeps two positions: {@code acked}, through which it has read and reported, and
 * {@code delivered}, through which its cache has been told. While the link to the cache is down
 * it keeps reading and reporting but delivers nothing; it then holds no lease, and this layer does
 * not read its cache until the relay has replayed {@code (delivered, acked]}.
 *
 * <p><b>The lease.</b> The layer reads its cache only while the relay is in step
 * ({@code delivered == acked}, link up) and holds a lease: the lease runs for {@code lease} from
 * the start of the last cycle whose log read was followed by a successful report. So a relay that
 * stops (paused, cut off from the database, dead) stops reading its cache within {@code lease} of
 * its last report, and a relay whose last report is older than the change a writer waits for
 * has no lease left {@code lease} after that change committed.
 *
 * <p><b>The writer's wait</b> ({@link #awaitDelivered}): after a commit, this layer has already
 * deleted the obsolete keys in its own cache ({@link #committed}); it then waits until every other
 * registered relay has reported the change, or has stopped reporting for longer than a lease, or
 * a lease (with a margin for clock rates) has passed since the wait began. After that, every
 * relay has delivered the change or cannot read its cache until it has. The wait only lasts when
 * a relay is unresponsive; a healthy one answers in a few milliseconds.
 *
 * <p><b>Entries of this process's writes</b> are delivered by their writers ({@link #committed});
 * the relay skips those. Since an entry can be read from the log before its writer has delivered
 * it, the relay first waits (at most 250 ms) for the writes of this process begun before its read
 * ({@link WritesInFlight}); otherwise it would delete the keys again after the write returned,
 * dropping what readers had put back since.
 *
 * <p>A new relay starts at position 0 and replays everything the log still holds before its
 * first lease: a cache may hold values that no running relay knew to invalidate (its writer died,
 * or used another server list), but none older than the log's retention.
 */
final class InvalidationRelay implements ChangeLog.Subscriber, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InvalidationRelay.class);
  static final int PAGE = 1000;
  private static final long FIRST_CYCLE_WAIT_SECONDS = 10;
  /** The longest a relay waits for this process's writers to deliver their own entries. */
  private static final long WRITER_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  /** How a relay's timing is set. */
  record Timing(Duration lease, Duration pollInterval) {
    long leaseNanos() {
      return lease.toNanos();
    }

    /** A lease, plus ten percent for clock rates and 50 ms for scheduling. */
    long settleNanos() {
      return RelayWatch.settleNanos(lease);
    }

    long heartbeatNanos() {
      return lease.toNanos() / 4;
    }

    /** A relay that has not reported for this long is removed from the registry. */
    long reapNanos() {
      return Math.max(TimeUnit.SECONDS.toNanos(30), 10 * lease.toNanos());
    }
  }

  private record Lease(long untilNanos) {}

  private final ChangeLog log;
  private final CacheGuard guard;
  private final Supplier<CacheKeys> keys;
  private final @Nullable NearCache near;
  private final Clock clock;
  private final Timing timing;
  private final String description;
  private final RelayMetrics metrics;
  private final Semaphore wake = new Semaphore(0);
  private final Object activity = new Object();
  private final RelayWatch watch = new RelayWatch();
  /**
   * Positions a writer of this process delivered at once, with the epoch it delivered them in:
   * the relay need not again, unless the epoch has changed since.
   */
  private final ConcurrentHashMap<Long, String> deliveredByWriters = new ConcurrentHashMap<>();
  private final WritesInFlight writes = new WritesInFlight();
  private final CountDownLatch firstCycle = new CountDownLatch(1);
  private final AtomicLong lastErrorLogNanos = new AtomicLong(System.nanoTime() - 10_000_000_000L);
  private final AutoCloseable subscription;
  private final Thread thread;

  private final Object leaseLock = new Object();
  private volatile boolean closed;
  private volatile boolean replayAll;
  private volatile @Nullable Lease lease;
  private long resyncs;  // guarded by leaseLock: uncertain writes since the relay started
  private volatile long id = -1;
  private volatile long acked;
  private volatile long delivered;
  private volatile int registered;
  private long lastReportNanos = System.nanoTime() - Long.MAX_VALUE / 2;
  private long lastRegistryNanos = System.nanoTime() - Long.MAX_VALUE / 2;

  InvalidationRelay(ChangeLog log, CacheGuard guard, Supplier<CacheKeys> keys, @Nullable NearCache near,
      Clock clock, Timing timing, String namespace, RelayMetrics metrics) {
    this.log = log;
    this.guard = guard;
    this.keys = keys;
    this.near = near;
    this.clock = clock;
    this.timing = timing;
    this.metrics = metrics;
    this.description = ManagementFactory.getRuntimeMXBean().getName() + " " + namespace;
    this.subscription = log.subscribe(this);
    this.thread = new Thread(this::run, "wikicache-relay");
    thread.setDaemon(true);
    thread.start();
    try {
      firstCycle.await(FIRST_CYCLE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  ChangeLog log() {
    return log;
  }

  /** True while this relay lets its layer read the cache: in step, with a live lease. */
  boolean inStep() {
    return inStep(System.nanoTime());
  }

  /** {@link #inStep()} at {@code nowNanos} ({@link System#nanoTime()}). */
  boolean inStep(long nowNanos) {
    Lease l = lease;
    return l != null && l.untilNanos() - nowNanos > 0;
  }

  /** Wakes the relay (the link came back or went away). */
  void wakeUp() {
    wake.release();
  }

  /**
   * Takes the lease away until a cycle that starts after this call has read the log and
   * delivered it: for when something may have gone undelivered (the link failed, a write's
   * outcome is unknown).
   */
  void revoke() {
    synchronized (leaseLock) {
      resyncs++;
      lease = null;
    }
    wake.release();
  }

  /**
   * Replays everything the log still holds before the layer reads its cache again: the keys
   * changed (a new epoch), so what was delivered went to keys no longer read.
   */
  void replayAll() {
    replayAll = true;
    revoke();  // the cycle that grants the next lease starts after this, and sees the flag
  }

  RelayMetrics.Snapshot snapshot() {
    return metrics.snapshot(acked, delivered, inStep(), registered);
  }

  private void run() {
    while (!closed) {
      try {
        cycle();
      } catch (RuntimeException e) {
        metrics.error();
        logRateLimited(e);
      } finally {
        firstCycle.countDown();
      }
      long wait = log.pushesRemoteActivity() ? timing.heartbeatNanos()
          : Math.min(timing.heartbeatNanos(), timing.pollInterval().toNanos());
      try {
        if (wake.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
          wake.drainPermits();
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void cycle() {
    long started = System.nanoTime();
    long resyncsAtStart;
    synchronized (leaseLock) {
      resyncsAtStart = resyncs;
    }
    if (id < 0) {
      id = log.register(description);
      acked = 0;
      delivered = 0;  // a new relay replays everything the log still holds
      lease = null;
    }
    if (replayAll) {
      replayAll = false;
      delivered = 0;  // catchUp replays (0, acked] under the keys of now
    }
    boolean progressed = false;
    while (true) {
      List<Entry> batch = log.read(acked, PAGE);
      if (batch.isEmpty()) {
        break;
      }
      long last = batch.get(batch.size() - 1).position();
      if (delivered == acked && guard.linkUp()) {
        writes.awaitEarlierWrites(Math.min(WRITER_WAIT_NANOS, timing.heartbeatNanos()));
        if (deliver(batch, keys.get())) {  // this moment's epoch
          delivered = last;
        }
      }
      acked = last;
      progressed = true;
      if (batch.size() < PAGE) {
        break;
      }
      if (System.nanoTime() - lastReportNanos > timing.heartbeatNanos()) {
        report();  // a long replay: let waiting writers see the progress
      }
    }
    boolean reported = false;
    if (progressed || lease == null || started - lastReportNanos > timing.heartbeatNanos()) {
      if (!report()) {
        return;
      }
      reported = true;
    }
    if (guard.linkUp() && delivered < acked) {
      catchUp();
    }
    boolean inStep = guard.linkUp() && delivered == acked;
    synchronized (leaseLock) {
      if (!inStep) {
        lease = null;
      } else if (reported && resyncs == resyncsAtStart) {
        // Only a cycle that began after the last uncertain write may grant a lease.
        lease = new Lease(started + timing.leaseNanos());
      }
    }
    if (started - lastRegistryNanos > timing.heartbeatNanos()) {
      observeRegistry(started);
    }
  }

  /** Reports {@code acked}; false (and a fresh start next cycle) if this relay was removed. */
  private boolean report() {
    long at = System.nanoTime();
    if (log.report(id, acked)) {
      lastReportNanos = at;
      return true;
    }
    LOG.warn("relay {} was removed from the registry (taken for dead); registering again and"
        + " replaying the log", id);
    id = -1;
    lease = null;
    return false;
  }

  /** Delivers {@code (delivered, acked]}, which the relay read while the link was down. */
  private void catchUp() {
    long target = acked;
    long from = delivered;
    while (from < target) {
      List<Entry> page = new ArrayList<>();
      for (Entry e : log.read(from, PAGE)) {
        if (e.position() <= target) {
          page.add(e);
        }
      }
      if (page.isEmpty()) {
        break;  // the rest was pruned: older than the retention, nothing left to invalidate
      }
      if (!deliver(page, keys.get())) {
        return;
      }
      from = page.get(page.size() - 1).position();
      delivered = from;
      metrics.replayed(page.size());
      if (System.nanoTime() - lastReportNanos > timing.heartbeatNanos() && !report()) {
        return;  // a long replay stays registered (and so is not taken for dead)
      }
    }
    delivered = target;
  }

  /**
   * Deletes the keys {@code entries} make obsolete, in memcache and then in the near cache.
   * A failure opens the breaker: until the relay has delivered, the cache cannot be trusted.
   */
  private boolean deliver(List<Entry> entries, CacheKeys k) {
    List<ChangeLog.Change> changes = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      if (!k.epoch().equals(deliveredByWriters.remove(e.position()))) {
        changes.add(e.change());
      }
    }
    if (changes.isEmpty()) {
      return true;
    }
    List<String> obsolete = k.obsoletedBy(changes);
    if (!guard.deleteAll(EntityKind.PAGE, obsolete)) {
      guard.openBreaker();
      return false;
    }
    if (near != null) {
      near.invalidate(obsolete);
    }
    metrics.delivered(entries, clock.instant());
    return true;
  }

  private void observeRegistry(long now) {
    lastRegistryNanos = now;
    List<RelayState> states = log.relays();
    registered = states.size();
    for (RelayState s : states) {
      if (s.id() == id) {
        continue;
      }
      if (watch.silentNanos(s, now) > timing.reapNanos()
          && log.unregisterIfUnchanged(s.id(), s.version())) {
        LOG.info("removed relay {} ({}): silent for over {} s", s.id(), s.description(),
            TimeUnit.NANOSECONDS.toSeconds(timing.reapNanos()));
        watch.forget(s.id());
      }
    }
    watch.retainOnly(states);
  }

  // ---- ChangeLog.Subscriber: called in writers' threads ----

  @Override
  public void writeStarting() {
    writes.begin();
  }

  @Override
  public void writeEnded() {
    writes.end();
  }

  /** The writer's own delivery: its cache never serves the old value once the write returns. */
  @Override
  public void committed(List<Entry> entries) {
    CacheKeys k = keys.get();
    if (guard.linkUp() && deliver(entries, k)) {
      if (deliveredByWriters.size() > 100_000) {
        deliveredByWriters.clear();  // only saves the relay some deletes: safe to forget
      }
      for (Entry e : entries) {
        deliveredByWriters.put(e.position(), k.epoch());
      }
      wake.release();
    } else {
      revoke();  // undelivered: no reads until the relay has delivered it
    }
  }

  @Override
  public void awaitDelivered(long position) {
    awaitOthers(position);
  }

  @Override
  public boolean awaitsRelays() {
    return true;
  }

  @Override
  public void uncertain() {
    revoke();
    try {
      awaitOthers(log.head());
    } catch (RuntimeException e) {
      // The log cannot be read: this layer stays out of its cache until its relay has read it.
    }
  }

  @Override
  public void activity() {
    wake.release();
    synchronized (activity) {
      activity.notifyAll();
    }
  }

  /**
   * Waits until every other relay has reported {@code position}, has been silent for longer than
   * a lease, or a lease has passed: then none can read a value {@code position} made obsolete.
   */
  private void awaitOthers(long position) {
    long begin = System.nanoTime();
    long deadline = begin + timing.settleNanos();
    boolean waited = false;
    while (true) {
      long now = System.nanoTime();
      int pending;
      try {
        pending = watch.pending(log.relays(), position, id, timing.settleNanos(), now);
      } catch (RuntimeException e) {
        pending = -1;  // cannot tell: wait out the lease
      }
      if (pending == 0) {
        break;
      }
      if (now - deadline >= 0) {
        metrics.unconfirmed();
        logRateLimited(new IllegalStateException(
            "relays did not confirm position " + position + " within a lease; they cannot read"
                + " their caches until they have delivered it"));
        break;
      }
      waited = true;
      long pause = log.pushesRemoteActivity() ? TimeUnit.MILLISECONDS.toNanos(50)
          : TimeUnit.MILLISECONDS.toNanos(3);
      synchronized (activity) {
        try {
          TimeUnit.NANOSECONDS.timedWait(activity, Math.min(pause, deadline - now));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    if (waited) {
      metrics.waited(System.nanoTime() - begin);
    }
  }

  private void logRateLimited(RuntimeException e) {
    long now = System.nanoTime();
    long last = lastErrorLogNanos.get();
    if (now - last >= TimeUnit.SECONDS.toNanos(10) && lastErrorLogNanos.compareAndSet(last, now)) {
      LOG.warn("invalidation relay: {}", e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    lease = null;
    wake.release();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      subscription.close();
    } catch (Exception e) {
      // nothing to do
    }
    if (id >= 0) {
      try {
        log.unregister(id);
      } catch (RuntimeException e) {
        // the registry reaps silent relays
      }
    }
  }
}
