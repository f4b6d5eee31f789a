package org.wikicache.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.memcache.InMemoryMemcacheClient;

class CacheAsideSimulatorTest {

  @Test
  void countsColdMissesThenHits() {
    try (MemcacheClient client = InMemoryMemcacheClient.create()) {
      CacheAsideSimulator sim = CacheAsideSimulator.newBuilder().valueBytes(100).build();
      CacheAsideSimulator.Result r = sim.replay(client, new int[] {1, 2, 1, 1, 3, 2});
      assertThat(r.requests()).isEqualTo(6);
      assertThat(r.hits()).isEqualTo(3);
      assertThat(r.queriesPerThousand()).isEqualTo(500.0);
      assertThat(client.get(sim.key(3))).hasSize(100);
    }
  }

  @Test
  void batchedReplayCountsLikeSequentialWhenNothingIsEvicted() {
    int[] trace = Workload.ZIPF.trace(500, 20_000, 0.9, 2);
    long sequential;
    long batched;
    try (MemcacheClient client = InMemoryMemcacheClient.create()) {
      sequential = CacheAsideSimulator.newBuilder().batch(1).build().replay(client, trace).hits();
    }
    try (MemcacheClient client = InMemoryMemcacheClient.create()) {
      batched = CacheAsideSimulator.newBuilder().batch(37).build().replay(client, trace).hits();
    }
    assertThat(batched).isEqualTo(sequential);
    // With room for every page, only the first request of each page misses.
    long distinct = java.util.stream.IntStream.of(trace).distinct().count();
    assertThat(sequential).isEqualTo(trace.length - distinct);
  }

  @Test
  void aSmallCacheHitsLessThanOptimalButMoreThanNothing() {
    int[] trace = Workload.ZIPF.trace(2_000, 30_000, 0.9, 4);
    CacheAsideSimulator sim = CacheAsideSimulator.newBuilder().valueBytes(4096).build();
    long item = 4096 + sim.keyLength() + InMemoryMemcacheClient.ITEM_OVERHEAD_BYTES;
    try (MemcacheClient client = InMemoryMemcacheClient.newBuilder().maximumBytes(200 * item)
        .maxValueBytes(64 << 10).build()) {
      long real = sim.replay(client, trace).hits();
      assertThat(real).isPositive().isLessThanOrEqualTo(Belady.hits(trace, 200));
      assertThat(client.getStats().items()).isLessThanOrEqualTo(200);
    }
  }

  @Test
  void valuesTakeTheTracesSizesAndKeysHaveOneLength() {
    try (MemcacheClient client = InMemoryMemcacheClient.create()) {
      CacheAsideSimulator sim = CacheAsideSimulator.newBuilder()
          .valueSizes(new int[] {10, 0, 3000}).keyPrefix("t:").build();
      sim.replay(client, new int[] {0, 1, 2, 2});
      assertThat(client.get(sim.key(0))).hasSize(10);
      assertThat(client.get(sim.key(1))).isEmpty();
      assertThat(client.get(sim.key(2))).hasSize(3000);
      assertThat(sim.key(7)).isEqualTo("t:0000000007").hasSize(sim.keyLength());
      assertThat(sim.key(Integer.MAX_VALUE)).hasSize(sim.keyLength());
    }
  }
}
