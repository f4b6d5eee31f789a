package org.wikicache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The server's small parts: throttle, sessions, paths. */
class SafetyPartsTest {
  @Test
  void throttleLocksOutAfterMaxFailuresUntilTheWindowPasses() {
    FakeClock clock = new FakeClock();
    LoginThrottle t = new LoginThrottle(3, Duration.ofMinutes(1), 100, clock);
    t.failure("k");
    t.failure("k");
    assertThat(t.retryAfter("k")).isEmpty();
    t.failure("k");
    assertThat(t.retryAfter("k")).hasValue(Duration.ofMinutes(1));
    clock.now = clock.now.plusSeconds(59);
    assertThat(t.retryAfter("k")).hasValue(Duration.ofSeconds(1));
    clock.now = clock.now.plusSeconds(1);
    assertThat(t.retryAfter("k")).isEmpty();
    t.failure("k");
    t.success("k");
    assertThat(t.size()).isZero();
  }

  @Test
  void throttleIsBounded() {
    LoginThrottle t = new LoginThrottle(1, Duration.ofMinutes(1), 10, new FakeClock());
    for (int i = 0; i < 1000; i++) {
      t.failure("k" + i);
    }
    assertThat(t.size()).isEqualTo(10);
    assertThat(t.retryAfter("k999")).isPresent();
    assertThat(t.retryAfter("k0")).isEmpty();
  }

  @Test
  void sessionsExpireAndAreBounded() {
    FakeClock clock = new FakeClock();
    Sessions s = new Sessions(Duration.ofHours(1), 3, clock);
    Sessions.Session a = s.create(7, "ada");
    assertThat(a.id()).hasSize(43).isNotEqualTo(a.csrf());
    assertThat(s.find(a.id())).hasValue(a);
    assertThat(a.csrfMatches(a.csrf())).isTrue();
    assertThat(a.csrfMatches(a.id())).isFalse();
    assertThat(a.csrfMatches(null)).isFalse();
    clock.now = clock.now.plus(Duration.ofMinutes(59));
    assertThat(s.find(a.id())).isPresent();       // touching it renews it
    clock.now = clock.now.plus(Duration.ofMinutes(59));
    assertThat(s.find(a.id())).isPresent();
    clock.now = clock.now.plus(Duration.ofMinutes(60));
    assertThat(s.find(a.id())).isEmpty();
    for (int i = 0; i < 10; i++) {
      s.create(100 + i, "user" + i);
    }
    assertThat(s.size()).isEqualTo(3);
    assertThat(s.find("x".repeat(1000))).isEmpty();
  }

  @Test
  void pathsArePercentEncoded() {
    assertThat(Paths.encode("Java/Records")).isEqualTo("Java/Records");
    assertThat(Paths.encode("a b?c#d\"<")).isEqualTo("a%20b%3Fc%23d%22%3C");
    assertThat(Paths.encode("Zürich")).isEqualTo("Z%C3%BCrich");
  }
}
