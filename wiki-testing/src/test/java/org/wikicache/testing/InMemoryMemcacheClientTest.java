package org.wikicache.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.memcache.CacheStats;
import org.wikicache.memcache.InMemoryMemcacheClient;

/** Runs the memcache contract against {@link InMemoryMemcacheClient} with a fake ticker. */
class InMemoryMemcacheClientTest extends MemcacheClientContract {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Ticker ticker = nanos::get;

  @Override
  protected MemcacheClient newClient() {
    return InMemoryMemcacheClient.newBuilder().ticker(ticker).build();
  }

  @Override
  protected void advanceTime(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  @Test
  void expiresExactlyAtTheDeadlineOfTheFakeClock() {
    cache.set("k", new byte[] {1}, Duration.ofSeconds(10));
    advanceTime(Duration.ofSeconds(10).minusNanos(1));
    assertThat(cache.get("k")).isNotNull();
    advanceTime(Duration.ofNanos(1));
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void evictsToStayWithinMaximumBytesAndCountsEvictions() {
    long limit = 1 << 20;
    MemcacheClient small = InMemoryMemcacheClient.newBuilder()
        .maximumBytes(limit).maxValueBytes(64 << 10).ticker(ticker).build();
    byte[] value = new byte[10_000];
    for (int i = 0; i < 500; i++) {
      small.set("key-" + i, value, Duration.ZERO);
    }
    CacheStats stats = small.getStats();
    assertThat(stats.bytes()).isLessThanOrEqualTo(limit);
    assertThat(stats.items()).isLessThan(500).isGreaterThan(50);
    assertThat(stats.evictions()).isEqualTo(500 - stats.items());
    assertThat(stats.limitBytes()).isEqualTo(limit);
    small.close();
  }

  @Test
  void maxValueBytesIsConfigurable() {
    MemcacheClient twoMiB = InMemoryMemcacheClient.newBuilder().maxValueBytes(2 << 20).build();
    assertThat(twoMiB.set("k", new byte[(1 << 20) + 1], Duration.ZERO)).isTrue();
    assertThat(twoMiB.set("k", new byte[2 << 20], Duration.ZERO)).isFalse();
    twoMiB.close();
  }

  @Test
  void builderValidatesEachSetter() {
    var builder = InMemoryMemcacheClient.newBuilder();
    assertThatThrownBy(() -> builder.maximumBytes(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.maxValueBytes(10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.ticker(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> InMemoryMemcacheClient.newBuilder()
        .maximumBytes(4096).maxValueBytes(8192).build())
        .isInstanceOf(IllegalStateException.class);
  }
}
