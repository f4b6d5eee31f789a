package org.wikicache.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.wikicache.benchmarks.PageSource.Backend;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;

/**
 * One page read (a 4 KiB page by name, Zipf-distributed over {@value BenchData#PAGES} pages)
 * through each {@link PageSource.Backend}: uncached on H2 and PostgreSQL, cache hits through our
 * layer on the in-memory client and on memcached, and the raw baselines (Caffeine, Xmemcached,
 * plain JDBC) doing the same work without our layers. {@code read1} runs on one thread,
 * {@code read4} on four.
 *
 * <p>{@code readPaired} gives the ratio of a layer to its baseline ({@link Comparison}): both are
 * opened in the same trial and read the same batch of names one after the other, in alternating
 * order, each timing itself ({@link PairedNanos}), so that one iteration gives one ratio measured
 * under the same conditions. Separate trials of {@code read1} drift apart by more than their
 * errors, which hides bounds as close as 1.15x.
 *
 * <p>Run alone: {@code java -jar benchmarks/target/benchmarks.jar PageReadBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PageReadBenchmark {

  /** The backend and its resources, shared by the threads. */
  @State(Scope.Benchmark)
  public static class Source {
    /** Which backend. */
    @Param
    public PageSource.Backend backend;
    /** {@code auto} (start a memcached) or {@code host:port}. */
    @Param({"auto"})
    public String memcached;

    Resources resources;
    PageSource source;
    final AtomicLong seeds = new AtomicLong(1);

    /** Opens the backend. */
    @Setup(Level.Trial)
    public void open() {
      resources = new Resources(memcached);
      source = backend.open(resources);
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void close() {
      resources.close();
    }
  }

  /** A layer of ours and the raw baseline it is held to. */
  public enum Comparison {
    /** The caching layer on memcached against raw Xmemcached get + decode; target 1.15x. */
    MEMCACHED_LAYER(Backend.CACHED_MEMCACHED, Backend.RAW_XMEMCACHED, 1),
    /** The caching layer on the in-memory client against Caffeine get + decode; target 2x. */
    IN_MEMORY_LAYER(Backend.CACHED_IN_MEMORY, Backend.RAW_CAFFEINE, 16),
    /** The near cache against Caffeine get of the decoded page; target 3x. */
    NEAR_CACHE(Backend.CACHED_NEAR, Backend.RAW_CAFFEINE_DECODED, 64);

    final Backend ours;
    final Backend baseline;
    /** Reads per timed batch: enough that a batch takes microseconds, not the clock's grain. */
    final int batch;

    Comparison(Backend ours, Backend baseline, int batch) {
      this.ours = ours;
      this.baseline = baseline;
      this.batch = batch;
    }
  }

  /** Both backends of a {@link Comparison} over the same resources, and one thread's keys. */
  @State(Scope.Benchmark)
  public static class Pair {
    /** Which layer against which baseline. */
    @Param
    public Comparison comparison;
    /** {@code auto} (start a memcached) or {@code host:port}. */
    @Param({"auto"})
    public String memcached;

    Resources resources;
    PageSource ours;
    PageSource baseline;
    BenchData.Keys keys;
    PageName[] batch;

    /** Opens both backends. */
    @Setup(Level.Trial)
    public void open() {
      resources = new Resources(memcached);
      ours = comparison.ours.open(resources);
      baseline = comparison.baseline.open(resources);
      keys = new BenchData.Keys(1);
      batch = new PageName[comparison.batch];
    }

    /** The next batch of Zipf-distributed names, drawn before either side is timed. */
    PageName[] nextBatch() {
      for (int i = 0; i < batch.length; i++) {
        batch[i] = BenchData.name(keys.next());
      }
      return batch;
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void close() {
      resources.close();
    }
  }

  /** Each thread's Zipf keys. */
  @State(Scope.Thread)
  public static class Keys {
    BenchData.Keys keys;

    /** Draws the keys, a different seed per thread. */
    @Setup(Level.Trial)
    public void draw(Source source) {
      keys = new BenchData.Keys(source.seeds.getAndIncrement());
    }
  }

  /** One read on one thread. */
  @Benchmark
  @Threads(1)
  public Page read1(Source source, Keys keys) {
    return source.source.get(BenchData.name(keys.keys.next()));
  }

  /** One read, four threads at once. */
  @Benchmark
  @Threads(4)
  public Page read4(Source source, Keys keys) {
    return source.source.get(BenchData.name(keys.keys.next()));
  }

  /** The same batch of reads through our layer and through its baseline, each timed. */
  @Benchmark
  @Threads(1)
  public void readPaired(Pair p, PairedNanos nanos, Blackhole hole) {
    PageName[] names = p.nextBatch();
    nanos.add(() -> time(p.ours, names, hole), () -> time(p.baseline, names, hole),
        names.length);
  }

  private static long time(PageSource source, PageName[] names, Blackhole hole) {
    long start = System.nanoTime();
    for (PageName name : names) {
      hole.consume(source.get(name));
    }
    return System.nanoTime() - start;
  }
}
