package org.wikicache.benchmarks;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Belady's optimal replacement (MIN/OPT) on a trace of integer keys: on a miss with a full cache,
 * it evicts the cached key whose next use is farthest in the future, or does not admit the
 * requested key at all when that key's own next use is the farthest (bypass). No online policy
 * can have more hits on the same trace with the same capacity, so OPT is the ceiling against
 * which the hit ratios of memcached's LRU and Caffeine's W-TinyLFU are read.
 *
 * <p>Implementation: one backward pass builds a next-use index ({@code next[i]} is the position
 * of the following request of {@code trace[i]}, or "never"); a max-priority queue of
 * (next use, key), cleaned lazily, finds the victim in O(log capacity). Capacity is in items: for
 * a cache of {@code B} bytes holding pages of {@code s} bytes, {@code B / s}.
 *
 * <p><b>Thread safety:</b> stateless; {@link #hits} may be called from any thread.
 *
 * <pre>{@code
 * long hits = Belady.hits(new int[] {1, 2, 1, 3, 1, 2}, 2); // 3
 * }</pre>
 */
public final class Belady {
  private static final long NEVER = Integer.MAX_VALUE;

  private Belady() {}

  /**
   * Counts the hits of the optimal policy.
   *
   * @param trace the requested keys, each {@code >= 0}
   * @param capacity how many keys the cache holds, {@code >= 0}
   * @return the number of requests that OPT serves from the cache
   * @throws IllegalArgumentException if a key is negative or the capacity is negative
   */
  public static long hits(int[] trace, int capacity) {
    checkArgument(capacity >= 0, "capacity must be >= 0, was %s", capacity);
    if (capacity == 0 || trace.length == 0) {
      return 0;
    }
    int universe = 0;
    for (int key : trace) {
      checkArgument(key >= 0, "keys must be >= 0, found %s", key);
      universe = Math.max(universe, key + 1);
    }
    // next[i]: the position of the next request of trace[i] after i, or NEVER.
    long[] next = new long[trace.length];
    int[] lastSeen = new int[universe];
    Arrays.fill(lastSeen, -1);
    for (int i = trace.length - 1; i >= 0; i--) {
      int key = trace[i];
      next[i] = lastSeen[key] < 0 ? NEVER : lastSeen[key];
      lastSeen[key] = i;
    }

    boolean[] cached = new boolean[universe];
    long[] cachedNext = new long[universe];
    // Max-heap of (next use << 32 | key); entries whose next use is no longer current are stale.
    PriorityQueue<Long> heap = new PriorityQueue<>(capacity + 16, (a, b) -> Long.compare(b, a));
    int size = 0;
    long hits = 0;
    for (int i = 0; i < trace.length; i++) {
      int key = trace[i];
      long nextUse = next[i];
      if (cached[key]) {
        hits++;
      } else if (size < capacity) {
        cached[key] = true;
        size++;
      } else {
        long victim = peekLive(heap, cached, cachedNext);
        long victimNext = victim >>> 32;
        if (nextUse >= victimNext) {
          continue; // bypass: the requested key is needed no sooner than any cached one
        }
        heap.poll();
        cached[(int) (victim & 0xFFFF_FFFFL)] = false;
        cached[key] = true;
      }
      cachedNext[key] = nextUse;
      heap.add((nextUse << 32) | key);
    }
    return hits;
  }

  private static long peekLive(PriorityQueue<Long> heap, boolean[] cached, long[] cachedNext) {
    while (true) {
      long top = heap.peek();
      int key = (int) (top & 0xFFFF_FFFFL);
      if (cached[key] && cachedNext[key] == (top >>> 32)) {
        return top;
      }
      heap.poll();
    }
  }
}
