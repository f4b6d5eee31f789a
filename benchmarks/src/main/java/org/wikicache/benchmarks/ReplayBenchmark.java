package org.wikicache.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast the hit-rate tool's {@code lru} and {@code opt} replay a trace on one core: one
 * operation is one request, so the score is requests per second (target: at least 5 million).
 * The trace is {@link TraceGenerator}'s real-looking one, {@value #REQUESTS} requests over
 * 200,000 articles. {@code opt} replays with its next-use index built beforehand, as the tool
 * builds it once per trace for all capacities; {@link #optIndex} measures building it.
 *
 * <p>Run alone: {@code java -jar benchmarks/target/benchmarks.jar ReplayBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ReplayBenchmark {
  /** Requests in the trace: one benchmark invocation replays them all. */
  public static final int REQUESTS = 2_000_000;

  /** The trace, and OPT's index of it. */
  @State(Scope.Benchmark)
  public static class Replay {
    /** {@code LRU} or {@code OPT}. */
    @Param({"LRU", "OPT"})
    public String policy;
    /** The capacity in entries. */
    @Param({"1000", "100000"})
    public int capacity;

    Trace trace;
    int[] next;

    /** Generates the trace, reads it back as the tool would, builds OPT's index. */
    @Setup(Level.Trial)
    public void generate() {
      trace = generatedTrace();
      next = Belady.nextUses(trace.keys(), trace.distinct());
    }
  }

  /** The trace alone. */
  @State(Scope.Benchmark)
  public static class Plain {
    Trace trace;

    /** Generates the trace and reads it back. */
    @Setup(Level.Trial)
    public void generate() {
      trace = generatedTrace();
    }
  }

  static Trace generatedTrace() {
    try {
      Path file = Files.createTempFile("replay-benchmark", ".txt");
      try {
        TraceGenerator.write(file, Trace.Format.LINES, REQUESTS, 200_000, 7);
        return Trace.read(file, Trace.Format.LINES);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replays the whole trace once. */
  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(REQUESTS)
  public long replay(Replay r) {
    Trace t = r.trace;
    if (r.policy.equals("LRU")) {
      return Lru.hits(t.keys(), t.distinct(), r.capacity, Progress.NONE);
    }
    return Belady.hits(t.keys(), r.next, t.distinct(), r.capacity, Progress.NONE);
  }

  /** Builds OPT's next-use index of the whole trace once. */
  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(REQUESTS)
  public int[] optIndex(Plain p) {
    return Belady.nextUses(p.trace.keys(), p.trace.distinct());
  }
}
