package org.wikicache.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.wikicache.cache.Codecs;
import org.wikicache.core.Page;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.xmemcached.XmemcachedClient;

/**
 * 100 cached pages from memcached through {@code XmemcachedClient}: one {@code getMulti} of 100
 * keys against 100 single {@code get}s one after the other. One operation = 100 pages either
 * way, so the ratio of the scores is the speed-up of batching. The same for storing: one
 * pipelined {@code setMulti} against 100 single {@code set}s.
 *
 * <p>{@code getMultiPaired} times one {@code getMulti} and the 100 {@code get}s one after the
 * other, in alternating order, in the same iterations ({@link PairedNanos}), so that drift
 * between trials does not blur the speed-up.
 *
 * <p>Run alone: {@code java -jar benchmarks/target/benchmarks.jar BatchBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BatchBenchmark {
  /** Pages per operation. */
  public static final int BATCH = 100;

  /** The client and the 100 keys. */
  @State(Scope.Benchmark)
  public static class Batch {
    /** {@code auto} (start a memcached) or {@code host:port}. */
    @Param({"auto"})
    public String memcached;

    Resources resources;
    MemcacheClient client;
    final List<String> keys = new ArrayList<>();
    final Map<String, byte[]> values = new java.util.LinkedHashMap<>();

    /** Connects and stores 100 encoded 4 KiB pages. */
    @Setup(Level.Trial)
    public void open() {
      resources = new Resources(memcached);
      client = resources.register(XmemcachedClient.connect(resources.memcached()));
      for (int i = 0; i < BATCH; i++) {
        String key = "batch:page:" + i;
        Page page = new Page(BenchData.name(i), 1, BenchData.content(i), BenchData.author(i),
            java.time.Instant.parse("2024-06-01T00:00:00Z"));
        client.set(key, Codecs.PAGE.encode(page), Duration.ZERO);
        keys.add(key);
        values.put(key, Codecs.PAGE.encode(page));
      }
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void close() {
      resources.close();
    }
  }

  /** The batch with its {@code getMulti} path compiled ({@link PairedNanos#warm}). */
  @State(Scope.Benchmark)
  public static class WarmBatch {
    /** Calls {@code getMulti} of the 100 keys 3,000 times. */
    @Setup(Level.Trial)
    public void warm(Batch b) {
      PairedNanos.warm(() -> check(b.client.getMulti(b.keys)), 3_000);
    }
  }

  /** 100 pages in one getMulti, one thread. */
  @Benchmark
  @Threads(1)
  public Map<String, byte[]> getMulti100x1(Batch b) {
    return check(b.client.getMulti(b.keys));
  }

  /** 100 pages in one getMulti, four threads. */
  @Benchmark
  @Threads(4)
  public Map<String, byte[]> getMulti100x4(Batch b) {
    return check(b.client.getMulti(b.keys));
  }

  /** 100 single gets, one thread. */
  @Benchmark
  @Threads(1)
  public void get100x1(Batch b, Blackhole bh) {
    for (String key : b.keys) {
      bh.consume(b.client.get(key));
    }
  }

  /** 100 single gets, four threads. */
  @Benchmark
  @Threads(4)
  public void get100x4(Batch b, Blackhole bh) {
    for (String key : b.keys) {
      bh.consume(b.client.get(key));
    }
  }

  /** 100 pages stored by one setMulti (pipelined), one thread. */
  @Benchmark
  @Threads(1)
  public java.util.Set<String> setMulti100x1(Batch b) {
    return b.client.setMulti(b.values, Duration.ZERO);
  }

  /** 100 single sets, one thread. */
  @Benchmark
  @Threads(1)
  public void set100x1(Batch b, Blackhole bh) {
    b.values.forEach((key, value) -> bh.consume(b.client.set(key, value, Duration.ZERO)));
  }

  /** One getMulti of 100 and 100 single gets, each timed, one thread. */
  @Benchmark
  @Threads(1)
  public void getMultiPaired(Batch b, WarmBatch warm, PairedNanos nanos, Blackhole bh) {
    nanos.add(() -> {
      long start = System.nanoTime();
      Map<String, byte[]> found = b.client.getMulti(b.keys);
      long took = System.nanoTime() - start;
      check(found);
      return took;
    }, () -> {
      long start = System.nanoTime();
      for (String key : b.keys) {
        bh.consume(b.client.get(key));
      }
      return System.nanoTime() - start;
    }, 1);
  }

  private static Map<String, byte[]> check(Map<String, byte[]> found) {
    if (found.size() != BATCH) {
      throw new IllegalStateException("expected " + BATCH + " hits, got " + found.size());
    }
    return found;
  }
}
