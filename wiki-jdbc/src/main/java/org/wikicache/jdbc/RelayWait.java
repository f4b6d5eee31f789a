package org.wikicache.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.wikicache.core.ChangeLog;
import org.wikicache.core.ChangeLog.RelayState;
import org.wikicache.core.internal.RelayWatch;

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

  private final ChangeLog log;
  private final long settleNanos;
  private final RelayWatch watch = new RelayWatch();

  /** @param lease the longest relay lease of the layers that relay {@code log} */
  RelayWait(ChangeLog log, Duration lease) {
    this.log = log;
    this.settleNanos = RelayWatch.settleNanos(lease);
  }

  /** Waits (at most a lease and a margin) until every live relay has reported {@code position}. */
  void await(long position) {
    long deadline = System.nanoTime() + settleNanos;
    while (true) {
      long now = System.nanoTime();
      int pending;
      try {
        List<RelayState> states = log.relays();
        pending = watch.pending(states, position, -1, settleNanos, now);
        watch.retainOnly(states);
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
