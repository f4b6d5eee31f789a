package org.wikicache.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.memcache.InMemoryMemcacheClient;

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
    AtomicLong nanos = new AtomicLong();
    Ticker ticker = nanos::get;
    AtomicInteger version = new AtomicInteger();
    try (MemcacheClient memcache = InMemoryMemcacheClient.newBuilder().ticker(ticker).build()) {
      GetDataExample example = new GetDataExample(memcache, () -> "v" + version.incrementAndGet());
      assertThat(example.getData()).isEqualTo("v1");
      nanos.addAndGet(Duration.ofSeconds(59).toNanos());
      assertThat(example.getData()).isEqualTo("v1");
      nanos.addAndGet(Duration.ofSeconds(2).toNanos());
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
