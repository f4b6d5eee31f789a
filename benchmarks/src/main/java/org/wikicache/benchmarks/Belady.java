package org.wikicache.benchmarks;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Belady's optimal replacement (MIN/OPT) over entries, on a trace of integer keys: on a miss with
 * a full cache, it evicts the cached key whose next use is farthest in the future, or does not
 * admit the requested key at all when that key's own next use is the farthest (bypass). No policy
 * can have more hits on the same trace with the same capacity in entries, so OPT is the ceiling
 * against which LRU, memcached's LRU and Caffeine's W-TinyLFU are read.
 *
 * <p>Implementation: one backward pass builds a next-use index ({@link #nextUses}: the position of
 * the following request of the same key, or "never"); the cached keys sit in an indexed binary
 * max-heap by next use (next use and key packed in one {@code long}), of at most
 * {@code capacity} entries, whose priorities are updated in place on a hit. A request costs
 * O(log capacity) and no allocation; memory is 4 bytes per request for the index plus 4 per
 * distinct key and 8 per entry.
 *
 * <p><b>Thread safety:</b> stateless; the methods may be called from any thread.
 *
 * <pre>{@code
 * long hits = Belady.hits(new int[] {1, 2, 1, 3, 1, 2}, 2); // 3
 * }</pre>
 */
public final class Belady {
  /** The next use of a key requested for the last time. */
  static final int NEVER = Integer.MAX_VALUE;

  private Belady() {}

  /**
   * Counts the hits of the optimal policy on keys {@code >= 0} of any range.
   *
   * @param trace the requested keys, each {@code >= 0}
   * @param capacity how many keys the cache holds, {@code >= 0}
   * @return the number of requests that OPT serves from the cache
   * @throws IllegalArgumentException if a key is negative or the capacity is negative
   */
  public static long hits(int[] trace, int capacity) {
    int distinct = 0;
    for (int key : trace) {
      checkArgument(key >= 0, "keys must be >= 0, found %s", key);
      distinct = Math.max(distinct, key + 1);
    }
    return hits(trace, nextUses(trace, distinct), distinct, capacity, Progress.NONE);
  }

  /**
   * The next-use index of a trace: {@code next[i]} is the position of the next request of
   * {@code trace[i]} after {@code i}, or {@link #NEVER}. Compute it once per trace and pass it to
   * {@link #hits(int[], int[], int, int, Progress)} for every capacity.
   *
   * @param trace the requested keys, each in {@code [0, distinct)}
   * @param distinct the number of distinct keys
   * @return the index, as long as the trace
   * @throws IllegalArgumentException if the trace is too long or a key out of range
   */
  public static int[] nextUses(int[] trace, int distinct) {
    checkArgument(trace.length < NEVER, "trace too long: %s", trace.length);
    int[] next = new int[trace.length];
    int[] following = new int[distinct];
    java.util.Arrays.fill(following, NEVER);
    for (int i = trace.length - 1; i >= 0; i--) {
      int key = trace[i];
      checkArgument(key >= 0 && key < distinct, "key %s at %s is not in [0, %s)", key, i,
          distinct);
      next[i] = following[key];
      following[key] = i;
    }
    return next;
  }

  /**
   * Counts the hits of the optimal policy.
   *
   * @param trace the requested keys, each in {@code [0, distinct)}
   * @param next the trace's {@link #nextUses next-use index}
   * @param distinct the number of distinct keys
   * @param capacity how many keys the cache holds, {@code >= 0}
   * @param progress told of the replay's progress
   * @return the number of requests that OPT serves from the cache
   * @throws IllegalArgumentException if the capacity is negative or the index does not fit
   */
  public static long hits(int[] trace, int[] next, int distinct, int capacity,
      Progress progress) {
    checkArgument(capacity >= 0, "capacity must be >= 0, was %s", capacity);
    checkArgument(next.length == trace.length, "next-use index of another trace");
    if (capacity == 0) {
      return 0;
    }
    int room = Math.min(capacity, distinct);
    // Max-heap of (next use << 32 | key): one array access per level; position[key] is the
    // key's index in the heap, or -1 when it is not cached.
    long[] heap = new long[room];
    int[] position = new int[distinct];
    java.util.Arrays.fill(position, -1);
    int size = 0;
    long hits = 0;
    for (int i = 0; i < trace.length; i++) {
      if ((i & (Progress.EVERY - 1)) == 0) {
        progress.update(i, trace.length);
      }
      int key = trace[i];
      int nextUse = next[i];
      long entry = (long) nextUse << 32 | key;
      int at = position[key];
      if (at >= 0) {
        hits++;
        siftUp(heap, position, at, entry); // its next use was i, now later: it can only rise
      } else if (size < room) {
        siftUp(heap, position, size++, entry);
      } else if (nextUse < (int) (heap[0] >>> 32)) {
        position[(int) heap[0]] = -1; // evict the farthest next use
        siftDown(heap, position, size, entry);
      }
      // else bypass: the requested key is needed no sooner than any cached one
    }
    return hits;
  }

  private static void siftUp(long[] heap, int[] position, int at, long entry) {
    while (at > 0) {
      int parent = (at - 1) >>> 1;
      long above = heap[parent];
      if (above >= entry) {
        break;
      }
      heap[at] = above;
      position[(int) above] = at;
      at = parent;
    }
    heap[at] = entry;
    position[(int) entry] = at;
  }

  /** Puts {@code entry} in place of the root and sifts it down. */
  private static void siftDown(long[] heap, int[] position, int size, long entry) {
    int at = 0;
    while (true) {
      int child = 2 * at + 1;
      if (child >= size) {
        break;
      }
      long below = heap[child];
      if (child + 1 < size && heap[child + 1] > below) {
        below = heap[++child];
      }
      if (below <= entry) {
        break;
      }
      heap[at] = below;
      position[(int) below] = at;
      at = child;
    }
    heap[at] = entry;
    position[(int) entry] = at;
  }
}
