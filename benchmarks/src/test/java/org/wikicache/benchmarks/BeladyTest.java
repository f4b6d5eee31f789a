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
  void aLoopLargerThanTheCacheKeepsAllButOne() {
    // 0 1 2 3 repeated five times, 3 entries: 0 1 2 load; 3 is needed last: bypassed; then each
    // round hits 0 1 2 and bypasses 3 again: 4 rounds x 3 hits.
    int[] loop = new int[20];
    for (int i = 0; i < loop.length; i++) {
      loop[i] = i % 4;
    }
    assertThat(Belady.hits(loop, 3)).isEqualTo(12);
  }

  @Test
  void theIndexedReplayEqualsTheSimpleOneAndReportsProgress() {
    int[] trace = Workload.SHIFTING_HOT_SET.trace(3_000, 50_000, 0.8, 9);
    int[] next = Belady.nextUses(trace, 3_000);
    long[] updates = {0};
    Progress counting = new Progress() {
      @Override
      public void update(long done, long total) {
        updates[0]++;
      }

      @Override
      public void done() {}
    };
    for (int capacity : new int[] {1, 10, 300, 3_000, 5_000}) {
      assertThat(Belady.hits(trace, next, 3_000, capacity, counting))
          .isEqualTo(Belady.hits(trace, capacity));
    }
    assertThat(updates[0]).isEqualTo(5);
    assertThatThrownBy(() -> Belady.nextUses(new int[] {0, 4}, 4))
        .isInstanceOf(IllegalArgumentException.class);
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
}
