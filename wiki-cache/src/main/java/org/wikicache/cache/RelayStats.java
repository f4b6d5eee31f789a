package org.wikicache.cache;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What the invalidation relays of a caching layer did: how many change log entries they
 * delivered, how long after their commit, how far behind they are, and what waiting for other
 * processes cost writers.
 *
 * @param entriesDelivered log entries whose keys were deleted from the cache (by the relay, or at
 *     once by the writer in this process; an entry may count twice)
 * @param entriesReplayed entries delivered late, after the cache came back or at start-up
 * @param deliveryLatencyP50 median time from an entry's append to its delivery here (of the last
 *     few thousand)
 * @param deliveryLatencyP99 99th percentile of the same
 * @param backlog entries read from the log but not yet delivered to the cache
 * @param inStep true when every relay lets the layer read its cache (delivered, live lease)
 * @param registeredRelays relays registered with the log(s), this process's included
 * @param writesThatWaited writes that waited for another process's relay to confirm
 * @param totalWait the time those writes waited, in all
 * @param longestWait the longest such wait
 * @param unconfirmedWrites writes that stopped waiting after a lease without every confirmation
 *     (those relays cannot read their caches until they deliver)
 * @param errors relay cycles that failed (database unreachable, say)
 */
public record RelayStats(long entriesDelivered, long entriesReplayed, Duration deliveryLatencyP50,
    Duration deliveryLatencyP99, long backlog, boolean inStep, int registeredRelays,
    long writesThatWaited, Duration totalWait, Duration longestWait, long unconfirmedWrites,
    long errors) {
  /** Nothing done yet. */
  public static final RelayStats EMPTY = new RelayStats(0, 0, Duration.ZERO, Duration.ZERO, 0,
      false, 0, 0, Duration.ZERO, Duration.ZERO, 0, 0);

  /** Validates the components. */
  public RelayStats {
    checkArgument(entriesDelivered >= 0 && entriesReplayed >= 0 && backlog >= 0
        && registeredRelays >= 0 && writesThatWaited >= 0 && unconfirmedWrites >= 0
        && errors >= 0, "counts must not be negative");
    requireNonNull(deliveryLatencyP50, "deliveryLatencyP50");
    requireNonNull(deliveryLatencyP99, "deliveryLatencyP99");
    requireNonNull(totalWait, "totalWait");
    requireNonNull(longestWait, "longestWait");
  }

  static RelayStats of(List<RelayMetrics.Snapshot> relays) {
    if (relays.isEmpty()) {
      return EMPTY;
    }
    long delivered = 0;
    long replayed = 0;
    long backlog = 0;
    boolean inStep = true;
    int registered = 0;
    long waits = 0;
    long waitNanos = 0;
    long longest = 0;
    long unconfirmed = 0;
    long errors = 0;
    long[] latencies = new long[0];
    for (RelayMetrics.Snapshot s : relays) {
      delivered += s.delivered();
      replayed += s.replayed();
      backlog += Math.max(0, s.acked() - s.deliveredThrough());
      inStep &= s.inStep();
      registered += s.relays();
      waits += s.waits();
      waitNanos += s.waitNanos();
      longest = Math.max(longest, s.longestWaitNanos());
      unconfirmed += s.unconfirmed();
      errors += s.errors();
      long[] more = s.latencies();
      long[] all = Arrays.copyOf(latencies, latencies.length + more.length);
      System.arraycopy(more, 0, all, latencies.length, more.length);
      latencies = all;
    }
    Arrays.sort(latencies);
    return new RelayStats(delivered, replayed, percentile(latencies, 50),
        percentile(latencies, 99), backlog, inStep, registered, waits, Duration.ofNanos(waitNanos),
        Duration.ofNanos(longest), unconfirmed, errors);
  }

  private static Duration percentile(long[] sortedMicros, int p) {
    if (sortedMicros.length == 0) {
      return Duration.ZERO;
    }
    int index = (int) Math.min(sortedMicros.length - 1,
        Math.ceil(p / 100.0 * sortedMicros.length) - 1);
    return Duration.ofNanos(sortedMicros[Math.max(0, index)] * 1000);
  }
}
