package org.wikicache.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LruTest {

  private static long lru(int[] trace, int capacity) {
    int distinct = 0;
    for (int key : trace) {
      distinct = Math.max(distinct, key + 1);
    }
    return Lru.hits(trace, distinct, capacity, Progress.NONE);
  }

  @Test
  void handComputedTrace() {
    // capacity 2: 1 miss [1]; 2 miss [2 1]; 1 hit [1 2]; 3 miss, evicts 2 [3 1]; 1 hit [1 3];
    // 2 miss, evicts 3 [2 1]: 2 hits (OPT has 3 on the same trace).
    assertThat(lru(new int[] {1, 2, 1, 3, 1, 2}, 2)).isEqualTo(2);
  }

  @Test
  void classicTextbookTrace() {
    // 7 0 1 2 0 3 0 4 2 3 0 3 2 with 3 frames, most recent last:
    // 7 m [7]; 0 m [7 0]; 1 m [7 0 1]; 2 m -7 [0 1 2]; 0 h [1 2 0]; 3 m -1 [2 0 3]; 0 h [2 3 0];
    // 4 m -2 [3 0 4]; 2 m -3 [0 4 2]; 3 m -0 [4 2 3]; 0 m -4 [2 3 0]; 3 h [2 0 3]; 2 h [0 3 2].
    int[] trace = {7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2};
    assertThat(lru(trace, 3)).isEqualTo(4);
  }

  @Test
  void aLoopLargerThanTheCacheNeverHits() {
    int[] loop = new int[20];
    for (int i = 0; i < loop.length; i++) {
      loop[i] = i % 4; // 0 1 2 3 0 1 2 3 ...: each key is evicted just before it comes back
    }
    assertThat(lru(loop, 3)).isZero();
    assertThat(lru(loop, 4)).as("one more entry and only the first round misses").isEqualTo(16);
    assertThat(Belady.hits(loop, 3)).as("OPT keeps three of the four").isEqualTo(12);
  }

  @Test
  void zeroCapacityEmptyTraceAndRepeats() {
    assertThat(lru(new int[] {1, 1, 1}, 0)).isZero();
    assertThat(lru(new int[0], 4)).isZero();
    assertThat(lru(new int[] {5, 5, 5, 5}, 1)).isEqualTo(3);
  }

  @Test
  void rejectsKeysOutOfRangeAndNegativeCapacity() {
    assertThatThrownBy(() -> Lru.hits(new int[] {0, 3}, 3, 2, Progress.NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key 3 at 1");
    assertThatThrownBy(() -> Lru.hits(new int[] {-1}, 3, 2, Progress.NONE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Lru.hits(new int[] {0}, 1, -1, Progress.NONE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void matchesAnAccessOrderedLinkedHashMapOnRandomTraces() {
    SplittableRandom random = new SplittableRandom(5);
    for (int round = 0; round < 100; round++) {
      int universe = 1 + random.nextInt(60);
      int capacity = random.nextInt(40);
      int[] trace = random.ints(2_000, 0, universe).toArray();
      assertThat(Lru.hits(trace, universe, capacity, Progress.NONE))
          .as("universe %s capacity %s", universe, capacity)
          .isEqualTo(reference(trace, capacity));
    }
    int[] zipf = Workload.SCAN_MIX.trace(500, 20_000, 0.9, 3);
    for (int capacity : new int[] {10, 50, 200}) {
      long lru = reference(zipf, capacity);
      assertThat(Lru.hits(zipf, 500, capacity, Progress.NONE)).isEqualTo(lru);
      assertThat(Belady.hits(zipf, capacity)).as("OPT is never worse").isGreaterThanOrEqualTo(lru);
    }
  }

  @Test
  void reportsProgressOnLongTraces() {
    long[] last = {-1};
    Progress progress = new Progress() {
      @Override
      public void update(long done, long total) {
        assertThat(total).isEqualTo(3L << 20);
        last[0] = done;
      }

      @Override
      public void done() {}
    };
    Lru.hits(new int[3 << 20], 1, 1, progress);
    assertThat(last[0]).isEqualTo(2L << 20);
  }

  private static long reference(int[] trace, int capacity) {
    LinkedHashMap<Integer, Boolean> cache = new LinkedHashMap<>(16, 0.75f, true);
    long hits = 0;
    for (int key : trace) {
      if (cache.get(key) != null) {
        hits++;
      } else if (capacity > 0) {
        cache.put(key, true);
        if (cache.size() > capacity) {
          cache.remove(cache.keySet().iterator().next());
        }
      }
    }
    return hits;
  }
}
