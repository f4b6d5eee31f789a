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
import org.wikicache.core.Page;

/**
 * One page read (a 4 KiB page by name, Zipf-distributed over {@value BenchData#PAGES} pages)
 * through each {@link PageSource.Backend}: uncached on H2 and PostgreSQL, cache hits through our
 * layer on the in-memory client and on memcached, and the raw baselines (Caffeine, Xmemcached,
 * plain JDBC) doing the same work without our layers. {@code read1} runs on one thread,
 * {@code read4} on four.
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
}
