package org.wikicache.jdbc;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.wikicache.core.ChangeLog;
import org.wikicache.core.ChangeLog.RelayState;

/**
 * The writer's wait of a process where no caching layer relays the log (a batch job writing
 * through a bare {@code JdbcWiki}): before a write returns, every registered relay (other
 * processes' caching layers) has reported its entries, or has been silent for a lease, or a lease
 * has passed. After that, every relay has delivered the write or cannot read its cache until it
 * has, as when a caching layer's relay waits ({@code CachingStores}).
 *
 * <p>A relay's silence is measured from when this process first saw its current version, across
 * writes. Thread-safe.
 */
final class RelayWait {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(3);

  private record Seen(long version, long sinceNanos) {}

  private final ChangeLog log;
  private final long settleNanos;
  private final ConcurrentHashMap<Long, Seen> seen = new ConcurrentHashMap<>();

  /** @param lease the longest relay lease of the layers that relay {@code log} */
  RelayWait(ChangeLog log, Duration lease) {
    this.log = log;
    // as a relay settles: a lease, plus ten percent for clock rates and 50 ms for scheduling
    this.settleNanos = lease.toNanos() + lease.toNanos() / 10
        + TimeUnit.MILLISECONDS.toNanos(50);
  }

  /** Waits (at most a lease and a margin) until every live relay has reported {@code position}. */
  void await(long position) {
    long deadline = System.nanoTime() + settleNanos;
    while (true) {
      long now = System.nanoTime();
      int pending = 0;
      try {
        Set<Long> present = new HashSet<>();
        for (RelayState s : log.relays()) {
          present.add(s.id());
          Seen old = seen.compute(s.id(), (k, v) ->
              v != null && v.version() == s.version() ? v : new Seen(s.version(), now));
          if (s.position() < position && now - old.sinceNanos() <= settleNanos) {
            pending++;
          }
        }
        seen.keySet().retainAll(present);
      } catch (RuntimeException e) {
        pending = -1;  // cannot tell: wait out the lease
      }
      if (pending == 0 || now - deadline >= 0) {
        return;
      }
      LockSupport.parkNanos(Math.min(POLL_NANOS, deadline - now));
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
    }
  }
}
