package org.wikicache.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.wikicache.core.ChangeLog.Entry;

/** The live counters of one relay behind {@link RelayStats}. Thread-safe. */
final class RelayMetrics {
  private static final int SAMPLES = 4096;

  private final LongAdder delivered = new LongAdder();
  private final LongAdder replayed = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder waits = new LongAdder();
  private final LongAdder waitNanos = new LongAdder();
  private final LongAdder unconfirmed = new LongAdder();
  private final long[] latencyMicros = new long[SAMPLES];
  private long samples;
  private long longestWaitNanos;

  /** Entries delivered (appended at {@code entry.time()}) now. */
  void delivered(List<Entry> entries, Instant now) {
    delivered.add(entries.size());
    synchronized (latencyMicros) {
      for (Entry e : entries) {
        long micros = Math.max(0, Duration.between(e.time(), now).toNanos() / 1000);
        latencyMicros[(int) (samples++ % SAMPLES)] = micros;
      }
    }
  }

  void replayed(int entries) {
    replayed.add(entries);
  }

  void error() {
    errors.increment();
  }

  void waited(long nanos) {
    waits.increment();
    waitNanos.add(nanos);
    synchronized (this) {
      longestWaitNanos = Math.max(longestWaitNanos, nanos);
    }
  }

  void unconfirmed() {
    unconfirmed.increment();
  }

  record Snapshot(long delivered, long replayed, long errors, long waits, long waitNanos,
      long longestWaitNanos, long unconfirmed, long[] latencies, long acked, long deliveredThrough,
      boolean inStep, int relays) {}

  Snapshot snapshot(long acked, long deliveredThrough, boolean inStep, int relays) {
    long[] copy;
    synchronized (latencyMicros) {
      copy = Arrays.copyOf(latencyMicros, (int) Math.min(samples, SAMPLES));
    }
    long longest;
    synchronized (this) {
      longest = longestWaitNanos;
    }
    return new Snapshot(delivered.sum(), replayed.sum(), errors.sum(), waits.sum(),
        waitNanos.sum(), longest, unconfirmed.sum(), copy, acked, deliveredThrough, inStep,
        relays);
  }
}
