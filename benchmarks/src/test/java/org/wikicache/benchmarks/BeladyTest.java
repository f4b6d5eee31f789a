package org.wikicache.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BeladyTest {

  @Test
  void handComputedTrace() {
    // capacity 2: 1 miss {1}; 2 miss {1,2}; 1 hit; 3 miss, 3 is never used again -> bypass;
    // 1 hit; 2 hit.
    assertThat(Belady.hits(new int[] {1, 2, 1, 3, 1, 2}, 2)).isEqualTo(3);
  }

  @Test
  void classicTextbookTrace() {
    // 7 0 1 2 0 3 0 4 2 3 0 3 2 with 3 frames: OPT has 7 faults with forced admission, 6 with
    // bypass (the first 4 is never worth admitting... it is used once), so 13 - 6 = 7 hits:
    // misses at 7, 0, 1, 2 (evict 7, never used), 3 (evict 1), 4 (bypass: its next use is never).
    int[] trace = {7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2};
    assertThat(Belady.hits(trace, 3)).isEqualTo(7);
  }

  @Test
  void everythingFitsMeansOnlyColdMisses() {
    int[] trace = {5, 1, 5, 1, 2, 2, 5};
    assertThat(Belady.hits(trace, 3)).isEqualTo(trace.length - 3);
    assertThat(Belady.hits(trace, 100)).isEqualTo(trace.length - 3);
  }

  @Test
  void zeroCapacityAndEmptyTrace() {
    assertThat(Belady.hits(new int[] {1, 1, 1}, 0)).isZero();
    assertThat(Belady.hits(new int[0], 4)).isZero();
  }

  @Test
  void rejectsNegativeKeysAndCapacity() {
    assertThatThrownBy(() -> Belady.hits(new int[] {1, -2}, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Belady.hits(new int[] {1}, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void matchesAnExhaustiveSearchOnSmallRandomTraces() {
    SplittableRandom random = new SplittableRandom(11);
    for (int round = 0; round < 200; round++) {
      int length = 1 + random.nextInt(12);
      int universe = 1 + random.nextInt(5);
      int capacity = random.nextInt(4);
      int[] trace = new int[length];
      for (int i = 0; i < length; i++) {
        trace[i] = random.nextInt(universe);
      }
      assertThat(Belady.hits(trace, capacity))
          .as("trace %s capacity %s", java.util.Arrays.toString(trace), capacity)
          .isEqualTo(bestPossible(trace, 0, new HashSet<>(), capacity));
    }
  }

  @Test
  void neverWorseThanLru() {
    int[] trace = Workload.SCAN_MIX.trace(500, 20_000, 0.9, 3);
    for (int capacity : new int[] {10, 50, 200}) {
      assertThat(Belady.hits(trace, capacity)).isGreaterThanOrEqualTo(lruHits(trace, capacity));
    }
  }

  /** Tries every choice (admit or not, which victim): the true optimum, exponential. */
  private static long bestPossible(int[] trace, int i, Set<Integer> cache, int capacity) {
    if (i == trace.length) {
      return 0;
    }
    int key = trace[i];
    if (cache.contains(key)) {
      return 1 + bestPossible(trace, i + 1, cache, capacity);
    }
    long best = bestPossible(trace, i + 1, cache, capacity); // bypass
    if (capacity == 0) {
      return best;
    }
    if (cache.size() < capacity) {
      Set<Integer> next = new HashSet<>(cache);
      next.add(key);
      return Math.max(best, bestPossible(trace, i + 1, next, capacity));
    }
    for (Integer victim : new ArrayList<>(cache)) {
      Set<Integer> next = new HashSet<>(cache);
      next.remove(victim);
      next.add(key);
      best = Math.max(best, bestPossible(trace, i + 1, next, capacity));
    }
    return best;
  }

  private static long lruHits(int[] trace, int capacity) {
    java.util.LinkedHashMap<Integer, Boolean> lru = new java.util.LinkedHashMap<>(16, 0.75f, true);
    long hits = 0;
    for (int key : trace) {
      if (lru.get(key) != null) {
        hits++;
      } else {
        lru.put(key, true);
        if (lru.size() > capacity) {
          lru.remove(lru.keySet().iterator().next());
        }
      }
    }
    return hits;
  }

}
