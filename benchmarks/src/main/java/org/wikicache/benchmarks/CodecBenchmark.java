package org.wikicache.benchmarks;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.wikicache.cache.Codecs;
import org.wikicache.core.Page;

/**
 * {@code Codecs.PAGE} alone: encoding and decoding a 4 KiB page, the CPU cost every cache hit
 * and fill pays on top of the lookup.
 *
 * <p>Run alone: {@code java -jar benchmarks/target/benchmarks.jar CodecBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CodecBenchmark {
  final Page page = new Page(BenchData.name(7), 42, BenchData.content(7), BenchData.author(7),
      Instant.parse("2024-06-01T12:00:00.123456Z"));
  final byte[] bytes = Codecs.PAGE.encode(page);

  /** Encode, one thread. */
  @Benchmark
  @Threads(1)
  public byte[] encode1() {
    return Codecs.PAGE.encode(page);
  }

  /** Encode, four threads. */
  @Benchmark
  @Threads(4)
  public byte[] encode4() {
    return Codecs.PAGE.encode(page);
  }

  /** Decode, one thread. */
  @Benchmark
  @Threads(1)
  public Page decode1() {
    return Codecs.PAGE.decode(bytes);
  }

  /** Decode, four threads. */
  @Benchmark
  @Threads(4)
  public Page decode4() {
    return Codecs.PAGE.decode(bytes);
  }
}
