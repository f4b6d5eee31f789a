package org.wikicache.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkloadTest {

  @Test
  void tracesAreInRangeAndReproducible() {
    for (Workload w : Workload.values()) {
      int[] trace = w.trace(1000, 10_000, 0.9, 42);
      assertThat(trace).hasSize(10_000);
      assertThat(IntStream.of(trace).allMatch(k -> k >= 0 && k < 1000)).isTrue();
      assertThat(w.trace(1000, 10_000, 0.9, 42)).isEqualTo(trace);
    }
  }

  @Test
  void scrambleIsABijection() {
    for (int pages : new int[] {1, 7, 1000, 40_503 * 2}) {
      Set<Integer> seen = new HashSet<>();
      for (int rank = 0; rank < pages; rank++) {
        seen.add(Workload.scramble(rank, pages, 3));
      }
      assertThat(seen).hasSize(pages);
    }
  }

  @Test
  void scanMixReadsPagesInOrderAboutOneRequestInFive() {
    int[] trace = Workload.SCAN_MIX.trace(1_000_000, 50_000, 0.9, 1);
    // The scan's pages 0, 1, 2, ... appear in order; Zipf draws rarely hit the low numbers.
    int next = 0;
    for (int k : trace) {
      if (k == next) {
        next++;
      }
    }
    assertThat(next / 50_000.0).isBetween(0.18, 0.22);
  }

  @Test
  void shiftingHotSetMovesTheMostPopularPage() {
    int[] trace = Workload.SHIFTING_HOT_SET.trace(10_000, 40_000, 1.0, 9);
    assertThat(mostFrequent(trace, 0, 10_000)).isNotEqualTo(mostFrequent(trace, 30_000, 40_000));
  }

  private static int mostFrequent(int[] trace, int from, int to) {
    int[] counts = new int[10_000];
    int best = 0;
    for (int i = from; i < to; i++) {
      if (++counts[trace[i]] > counts[best]) {
        best = trace[i];
      }
    }
    return best;
  }
}
