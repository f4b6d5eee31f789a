package org.wikicache.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher(1000);

  @Test
  void verifiesTheRightPasswordOnly() {
    String stored = hasher.hash("correct horse");

    assertThat(hasher.verify("correct horse", stored)).isTrue();
    assertThat(hasher.verify("correct horsE", stored)).isFalse();
    assertThat(hasher.verify("", stored)).isFalse();
  }

  @Test
  void saltsEveryHash() {
    assertThat(hasher.hash("same")).isNotEqualTo(hasher.hash("same"));
  }

  @Test
  void recordsItsCostSoOldHashesStillVerify() {
    String cheap = new PasswordHasher(10).hash("pw");

    assertThat(cheap).startsWith("pbkdf2-sha256$10$");
    assertThat(hasher.verify("pw", cheap)).isTrue();
  }

  @Test
  void defaultIsSlow() {
    assertThat(PasswordHasher.DEFAULT.hash("pw")).startsWith("pbkdf2-sha256$600000$");
  }

  @Test
  void malformedHashesNeverVerify() {
    for (String bad : new String[] {"", "plain", "pbkdf2-sha256$x$y$z", "md5$1$aa$bb",
        "pbkdf2-sha256$0$AAAA$AAAA", "pbkdf2-sha256$1$!!$AAAA"}) {
      assertThat(hasher.verify("pw", bad)).as(bad).isFalse();
    }
  }

  @Test
  void verifyNothingIsAlwaysFalse() {
    assertThat(hasher.verifyNothing("anything")).isFalse();
  }

  @Test
  void refusesNonPositiveCost() {
    assertThatThrownBy(() -> new PasswordHasher(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
