package org.wikicache.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.wikicache.examples.FakeClock;

/**
 * The signed read-your-writes position: read back only unaltered, signed with the server's key
 * and younger than its maximum age. (That servers set and honour it is tested over HTTP, in
 * ReplicatedServersTest.)
 */
class PositionCookieTest {
  private final FakeClock clock = new FakeClock();
  private final SigningKey key = SigningKey.random();
  private final PositionCookie positions =
      new PositionCookie(key, new Cookies(false), Duration.ofMinutes(1), clock);

  @Test
  void aSignedPositionReadsBack() {
    String value = positions.format(12345);
    assertThat(positions.parse(value)).hasValue(12345);
    assertThat(positions.cookieName()).isEqualTo("wiki_pos");
    assertThat(new PositionCookie(key, new Cookies(true), Duration.ofMinutes(1), clock)
        .cookieName()).isEqualTo("__Host-wiki_pos");
  }

  @Test
  void aForgedAlteredOrForeignPositionCountsAsNone() {
    String value = positions.format(7);
    String mac = value.substring(value.lastIndexOf('.'));
    String issued = value.substring(value.indexOf('.'), value.lastIndexOf('.'));
    // a visitor who raises their position to send every read to the primary
    assertThat(positions.parse("9223372036854775807" + issued + mac)).isEmpty();
    assertThat(positions.parse(value + "x")).isEmpty();
    assertThat(positions.parse("7" + issued + ".")).isEmpty();
    assertThat(positions.parse(new PositionCookie(SigningKey.random(), new Cookies(false),
        Duration.ofMinutes(1), clock).format(7))).isEmpty();
    for (String junk : new String[] {"", ".", "..", "7", "7.", "a.b.c", "-1.0.x",
        "x".repeat(500)}) {
      assertThat(positions.parse(junk)).as(junk).isEmpty();
    }
    assertThat(positions.parse(null)).isEmpty();
  }

  @Test
  void aPositionExpiresWithItsMaximumAge() {
    String value = positions.format(7);
    clock.now = clock.now.plusSeconds(59);
    assertThat(positions.parse(value)).hasValue(7);
    clock.now = clock.now.plusSeconds(2);
    assertThat(positions.parse(value)).isEmpty();
  }

  @Test
  void onlyPositivePositionsAndSaneAgesAreAccepted() {
    assertThatThrownBy(() -> new PositionCookie(key, new Cookies(false), Duration.ZERO, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(positions.parse(positions.format(1))).hasValue(1);
  }
}
