package org.wikicache.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairedNanosTest {

  @Test
  void eachSideGoesFirstEveryOtherTimeAcrossIterations() {
    PairedNanos nanos = new PairedNanos();
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      nanos.add(() -> {
        order.add("ours");
        return 30;
      }, () -> {
        order.add("baseline");
        return 20;
      }, 4);
    }
    nanos.reset(); // a new iteration starts at zero, but the turns go on
    nanos.add(() -> {
      order.add("ours");
      return 7;
    }, () -> {
      order.add("baseline");
      return 5;
    }, 1);
    assertThat(order).containsExactly("ours", "baseline", "baseline", "ours", "ours", "baseline",
        "baseline", "ours");
    assertThat(nanos.oursNanos).isEqualTo(7);
    assertThat(nanos.baselineNanos).isEqualTo(5);
    assertThat(nanos.calls).isEqualTo(1);
  }

  @Test
  void anIterationAddsUpBothSidesTimesAndCalls() {
    PairedNanos nanos = new PairedNanos();
    nanos.add(() -> 100, () -> 80, 64);
    nanos.add(() -> 120, () -> 90, 64);
    assertThat(nanos.oursNanos).isEqualTo(220);
    assertThat(nanos.baselineNanos).isEqualTo(170);
    assertThat(nanos.calls).isEqualTo(128);
  }
}
