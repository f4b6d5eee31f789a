package org.wikicache.memcache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.wikicache.memcache.internal.MemcacheKeys;
import org.wikicache.memcache.internal.MemcachedArithmetic;

/**
 * {@link CacheStats}, {@link CasValue}, the TTL arithmetic of {@link MemcacheKeys} and the
 * number parsing of {@link MemcachedArithmetic}.
 */
class ValueTypesTest {

  @Test
  void cacheStatsRejectsNegativeCounters() {
    assertThatThrownBy(() -> new CacheStats(-1, 0, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hits");
    assertThatThrownBy(() -> new CacheStats(0, 0, 0, 0, 0, -5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limitBytes");
  }

  @Test
  void cacheStatsHitRatioAndPlus() {
    CacheStats a = new CacheStats(3, 1, 10, 1000, 2, 64);
    CacheStats b = new CacheStats(1, 3, 5, 500, 0, 64);
    assertThat(a.hitRatio()).isEqualTo(0.75);
    assertThat(CacheStats.EMPTY.hitRatio()).isEqualTo(1.0);
    assertThat(a.plus(b)).isEqualTo(new CacheStats(4, 4, 15, 1500, 2, 128));
    assertThat(a.plus(b).hitRatio()).isEqualTo(0.5);
    assertThat(new CacheStats(Long.MAX_VALUE, 0, 0, 0, 0, 0).plus(a).hits())
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void casValueComparesContents() {
    assertThat(new CasValue(new byte[] {1, 2}, 7)).isEqualTo(new CasValue(new byte[] {1, 2}, 7))
        .hasSameHashCodeAs(new CasValue(new byte[] {1, 2}, 7))
        .isNotEqualTo(new CasValue(new byte[] {1, 2}, 8));
    assertThatThrownBy(() -> new CasValue(null, 1)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void ttlsAreWholeSecondsRoundedUp() {
    assertThat(MemcacheKeys.ttlSeconds(Duration.ZERO)).isZero();
    assertThat(MemcacheKeys.ttlSeconds(Duration.ofNanos(1))).isEqualTo(1);
    assertThat(MemcacheKeys.ttlSeconds(Duration.ofMillis(1500))).isEqualTo(2);
    assertThat(MemcacheKeys.ttlSeconds(Duration.ofSeconds(5))).isEqualTo(5);
    // the longest durations must not wrap around to "no expiry" or "already expired"
    assertThatThrownBy(() -> MemcacheKeys.ttlSeconds(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2038");
    assertThatThrownBy(() -> MemcacheKeys.ttlSeconds(java.time.temporal.ChronoUnit.FOREVER
        .getDuration())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MemcacheKeys.memcachedExpiration(
        Duration.ofSeconds(Long.MAX_VALUE - 1), 1_700_000_000L))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MemcacheKeys.ttlSeconds(Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ttlsOverThirtyDaysBecomeAbsoluteUnixTime() {
    long now = 1_800_000_000L;
    assertThat(MemcacheKeys.memcachedExpiration(Duration.ofDays(30), now)).isEqualTo(2_592_000);
    assertThat(MemcacheKeys.memcachedExpiration(Duration.ofDays(30).plusSeconds(1), now))
        .isEqualTo(now + 2_592_001);
    assertThat(MemcacheKeys.memcachedExpiration(Duration.ZERO, now)).isZero();
    assertThatThrownBy(() -> MemcacheKeys.memcachedExpiration(Duration.ofDays(365 * 20), now))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2038");
    long tooFar = Integer.MAX_VALUE - Instant.now().getEpochSecond() + 10;
    assertThatThrownBy(() -> MemcacheKeys.ttlSeconds(Duration.ofSeconds(tooFar)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2038");
  }

  @Test
  void arithmeticParsesValuesAsMemcachedsStrtoullDoes() {
    assertThat(MemcachedArithmetic.parse("42".getBytes(UTF_8))).isEqualTo(42L);
    assertThat(MemcachedArithmetic.parse("5 x".getBytes(UTF_8))).isEqualTo(5L);
    assertThat(MemcachedArithmetic.parse(new byte[] {'5', 0})).isEqualTo(5L);
    // all whitespace has no digits: non-numeric (a real server may read on past the value here)
    assertThat(MemcachedArithmetic.parse(" ".getBytes(UTF_8))).isNull();
    assertThat(MemcachedArithmetic.parse("5x".getBytes(UTF_8))).isNull();
    assertThat(MemcachedArithmetic.parse(new byte[0])).isNull();
  }

  @Test
  void keyMessagesNameTheRuleAndShowControlCharacters() {
    assertThatThrownBy(() -> MemcacheKeys.checkKey("a\r\nb"))
        .hasMessageContaining("control character")
        .hasMessageContaining("U+000D")
        .hasMessageContaining("\\u000d");
    assertThatThrownBy(() -> MemcacheKeys.checkKey("x".repeat(300)))
        .hasMessageContaining("at most 250 bytes").hasMessageContaining("300");
    assertThatThrownBy(() -> MemcacheKeys.checkKey("a\uD800b"))
        .hasMessageContaining("surrogate");
    assertThat(MemcacheKeys.isValidKey("wiki:v1:page:Main_Page")).isTrue();
    assertThat(MemcacheKeys.isValidKey(null)).isFalse();
    assertThat(MemcacheKeys.checkKey("é")).hasSize(2);
  }
}
