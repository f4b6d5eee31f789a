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
 * max-heap by next use, of at most {@code capacity} entries, whose priorities are updated in place
 * on a hit. A request costs O(log capacity) and no allocation; memory is 4 bytes per request for
 * the index plus 4 per distinct key.
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
    int[] heapKey = new int[room];
    int[] heapNext = new int[room]; // max-heap by next use
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
      int at = position[key];
      if (at >= 0) {
        hits++;
        heapNext[at] = nextUse; // later than before (it was i): sift up
        siftUp(heapKey, heapNext, position, at);
      } else if (size < room) {
        heapKey[size] = key;
        heapNext[size] = nextUse;
        position[key] = size;
        siftUp(heapKey, heapNext, position, size++);
      } else if (nextUse < heapNext[0]) {
        position[heapKey[0]] = -1; // evict the farthest next use
        heapKey[0] = key;
        heapNext[0] = nextUse;
        position[key] = 0;
        siftDown(heapKey, heapNext, position, 0, size);
      }
      // else bypass: the requested key is needed no sooner than any cached one
    }
    return hits;
  }

  private static void siftUp(int[] keys, int[] prio, int[] position, int at) {
    int key = keys[at];
    int p = prio[at];
    while (at > 0) {
      int parent = (at - 1) >>> 1;
      if (prio[parent] >= p) {
        break;
      }
      keys[at] = keys[parent];
      prio[at] = prio[parent];
      position[keys[at]] = at;
      at = parent;
    }
    keys[at] = key;
    prio[at] = p;
    position[key] = at;
  }

  private static void siftDown(int[] keys, int[] prio, int[] position, int at, int size) {
    int key = keys[at];
    int p = prio[at];
    while (true) {
      int child = 2 * at + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && prio[child + 1] > prio[child]) {
        child++;
      }
      if (prio[child] <= p) {
        break;
      }
      keys[at] = keys[child];
      prio[at] = prio[child];
      position[keys[at]] = at;
      at = child;
    }
    keys[at] = key;
    prio[at] = p;
    position[key] = at;
  }
}
