package org.wikicache.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gate lets a bounded number in and answers the rest 429 after a bounded wait. */
class GateTest {
  @Test
  void whenFullTheNextRequestIsToldToComeBackLater() {
    Gate gate = new Gate(1, Duration.ofMillis(200));
    try (Gate.Permit held = gate.enter()) {
      assertThat(gate.available()).isZero();
      long t0 = System.nanoTime();
      assertThatThrownBy(gate::enter).isInstanceOfSatisfying(WebError.class, e -> {
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.headers()).containsEntry("Retry-After", "1");
      });
      assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(150L, 5_000L);
      held.close();
      held.close();  // closing twice frees one place only
      assertThat(gate.available()).isEqualTo(1);
    }
    try (Gate.Permit none = Gate.none()) {
      assertThat(gate.available()).isEqualTo(1);
    }
  }
}
