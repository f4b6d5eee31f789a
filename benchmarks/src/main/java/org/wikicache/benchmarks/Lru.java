package org.wikicache.benchmarks;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Exact least-recently-used replacement over entries: a hit moves the key to the front; a miss
 * admits the key at the front and, when the cache is full, evicts the key at the back. Every
 * miss is admitted (demand paging), so a loop over more keys than the cache holds never hits.
 *
 * <p>Implementation: a circular doubly linked list in two {@code int} arrays indexed by key (the
 * keys are dense, {@code 0 <= key < distinct}; index {@code distinct} is the sentinel), so a
 * request costs a few array writes and no allocation: tens of millions of requests a second.
 *
 * <p><b>Thread safety:</b> stateless; {@link #hits} may be called from any thread.
 *
 * <pre>{@code
 * long hits = Lru.hits(new int[] {1, 2, 1, 3, 1, 2}, 4, 2, Progress.NONE); // 2
 * }</pre>
 */
public final class Lru {
  private Lru() {}

  /**
   * Counts the hits of LRU.
   *
   * @param trace the requested keys, each in {@code [0, distinct)}
   * @param distinct the number of distinct keys (an upper bound on the largest key + 1)
   * @param capacity how many keys the cache holds, {@code >= 0}
   * @param progress told of the replay's progress
   * @return the number of requests served from the cache
   * @throws IllegalArgumentException if a key is out of range or the capacity is negative
   */
  public static long hits(int[] trace, int distinct, int capacity, Progress progress) {
    checkArgument(capacity >= 0, "capacity must be >= 0, was %s", capacity);
    checkArgument(distinct >= 0 && distinct < Integer.MAX_VALUE, "bad distinct: %s", distinct);
    if (capacity == 0) {
      return 0;
    }
    int sentinel = distinct;
    int[] prev = new int[distinct + 1];
    int[] next = new int[distinct + 1];
    boolean[] cached = new boolean[distinct];
    prev[sentinel] = sentinel;
    next[sentinel] = sentinel;
    int size = 0;
    long hits = 0;
    for (int i = 0; i < trace.length; i++) {
      if ((i & (Progress.EVERY - 1)) == 0) {
        progress.update(i, trace.length);
      }
      int key = trace[i];
      if (Integer.compareUnsigned(key, distinct) >= 0) {
        throw new IllegalArgumentException("key " + key + " at " + i + " is not in [0, "
            + distinct + ")");
      }
      if (cached[key]) {
        hits++;
        if (next[sentinel] == key) {
          continue; // already the most recent
        }
        next[prev[key]] = next[key]; // unlink
        prev[next[key]] = prev[key];
      } else if (size == capacity) {
        int victim = prev[sentinel];
        next[prev[victim]] = sentinel;
        prev[sentinel] = prev[victim];
        cached[victim] = false;
        cached[key] = true;
      } else {
        cached[key] = true;
        size++;
      }
      int first = next[sentinel]; // link at the front
      next[sentinel] = key;
      prev[key] = sentinel;
      next[key] = first;
      prev[first] = key;
    }
    return hits;
  }
}
