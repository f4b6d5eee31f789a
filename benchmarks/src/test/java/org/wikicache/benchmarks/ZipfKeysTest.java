package org.wikicache.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ZipfKeysTest {

  @Test
  void probabilitiesFollowTheLawAndSumToOne() {
    ZipfKeys zipf = ZipfKeys.of(1000, 1.0);
    double sum = 0;
    for (int k = 0; k < 1000; k++) {
      sum += zipf.probability(k);
    }
    assertThat(sum).isCloseTo(1.0, within(1e-9));
    // p(k) ~ 1/(k+1): rank 0 is twice rank 1 and ten times rank 9.
    assertThat(zipf.probability(0) / zipf.probability(1)).isCloseTo(2.0, within(1e-9));
    assertThat(zipf.probability(0) / zipf.probability(9)).isCloseTo(10.0, within(1e-9));
  }

  @Test
  void skewZeroIsUniform() {
    ZipfKeys zipf = ZipfKeys.of(4, 0);
    for (int k = 0; k < 4; k++) {
      assertThat(zipf.probability(k)).isCloseTo(0.25, within(1e-12));
    }
  }

  @Test
  void samplesMatchTheDistributionAndAreReproducible() {
    ZipfKeys zipf = ZipfKeys.of(100, 0.9);
    int[] keys = zipf.sample(200_000, 5);
    assertThat(zipf.sample(200_000, 5)).isEqualTo(keys);
    int[] counts = new int[100];
    for (int k : keys) {
      assertThat(k).isBetween(0, 99);
      counts[k]++;
    }
    for (int k : new int[] {0, 1, 10, 50}) {
      assertThat(counts[k] / 200_000.0).isCloseTo(zipf.probability(k), within(0.005));
    }
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> ZipfKeys.of(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ZipfKeys.of(10, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
