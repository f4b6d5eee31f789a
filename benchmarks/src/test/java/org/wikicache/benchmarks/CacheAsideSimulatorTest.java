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
    long bytes = 200L * HitRateSimulator.itemBytes();
    CacheAsideSimulator.Result real = HitRateSimulator.replayInMemory(trace, bytes);
    long opt = Belady.hits(trace, 200);
    assertThat(real.hits()).isPositive().isLessThanOrEqualTo(opt);
  }
}
