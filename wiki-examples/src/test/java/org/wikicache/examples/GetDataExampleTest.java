package org.wikicache.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.testing.MutableClock;

class GetDataExampleTest {
  @Test
  void mainRunsTheQueryOnlyOnMisses() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemcacheClient memcache = InMemoryMemcacheClient.newBuilder().build()) {
      GetDataExample example = GetDataExample.run(memcache, new PrintStream(bytes, true, UTF_8));
      assertThat(example.queries()).isEqualTo(2);
    }
    String out = bytes.toString(UTF_8);
    assertThat(out).contains("get_data() #1 -> Memcache, Caching, Main (cache miss")
        .contains("get_data() #2 -> Memcache, Caching, Main (cache hit)")
        .contains("after a new page: Memcache, Caching, Main (still cached")
        .contains("after memcache.delete(data): Stale, Memcache, Caching, Main")
        .contains("the query ran 2 times for 5 calls");
  }

  @Test
  void cachedDataExpiresAfterSixtySeconds() {
    MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    AtomicInteger version = new AtomicInteger();
    try (MemcacheClient memcache = InMemoryMemcacheClient.newBuilder().clock(clock).build()) {
      GetDataExample example = new GetDataExample(memcache, () -> "v" + version.incrementAndGet());
      assertThat(example.getData()).isEqualTo("v1");
      clock.advance(Duration.ofSeconds(59));
      assertThat(example.getData()).isEqualTo("v1");
      clock.advance(Duration.ofSeconds(2));
      assertThat(example.getData()).isEqualTo("v2");
      assertThat(example.queries()).isEqualTo(2);
    }
  }

  @Test
  void addKeepsAValueAnotherWriterStoredFirst() {
    try (MemcacheClient memcache = InMemoryMemcacheClient.newBuilder().build()) {
      GetDataExample example = new GetDataExample(memcache, () -> {
        memcache.set(GetDataExample.KEY, "theirs".getBytes(UTF_8), Duration.ZERO);
        return "mine";
      });
      assertThat(example.getData()).isEqualTo("mine");
      assertThat(example.getData()).isEqualTo("theirs");
    }
  }
}
