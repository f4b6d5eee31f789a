package org.wikicache.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writes of this process that may have made entries readable in a change log without having
 * delivered them yet: from {@code writeStarting} (before the COMMIT) to {@code writeEnded} (after
 * the writer's own delivery), one per writing thread.
 *
 * <p>A relay that has just read entries waits for the writes begun before its read: an entry of
 * this process is then either marked as delivered by its writer or was never delivered by it.
 * Without the wait the relay could delete the keys a second time after the write returned, which
 * is never stale but drops a value a reader had just put back.
 */
final class WritesInFlight {
  private final AtomicLong tickets = new AtomicLong();
  private final ConcurrentHashMap<Thread, Long> open = new ConcurrentHashMap<>();
  private final Object ended = new Object();

  /** The current thread's write may make entries readable from now on. */
  void begin() {
    open.put(Thread.currentThread(), tickets.incrementAndGet());
  }

  /** The current thread's write has delivered what it could, or failed. */
  void end() {
    if (open.remove(Thread.currentThread()) != null) {
      synchronized (ended) {
        ended.notifyAll();
      }
    }
  }

  /**
   * Waits until every write begun before this call has ended, or {@code maxNanos} have passed
   * (then the caller delivers anyway: a second delete is safe).
   */
  void awaitEarlierWrites(long maxNanos) {
    if (open.isEmpty()) {
      return;
    }
    long last = tickets.get();
    long deadline = System.nanoTime() + maxNanos;
    synchronized (ended) {
      while (anyOpenThrough(last)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(ended, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private boolean anyOpenThrough(long ticket) {
    for (long t : open.values()) {
      if (t <= ticket) {
        return true;
      }
    }
    return false;
  }
}
