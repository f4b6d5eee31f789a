package org.wikicache.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hit-rate tool end to end, on hand-computed traces and on the real-looking generated trace,
 * with the real in-memory client and a real memcached.
 */
class HitRateSimulatorTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return HitRateSimulator.run(new PrintStream(out, true, UTF_8), new PrintStream(err, true,
        UTF_8), args);
  }

  /** The CSV rows as "trace,policy,capacity" to "requests,hits". */
  private Map<String, long[]> rows(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, UTF_8);
    assertThat(lines.get(0)).isEqualTo("trace,policy,capacity,requests,hits,hit_ratio");
    Map<String, long[]> rows = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      long requests = Long.parseLong(f[3]);
      long hits = Long.parseLong(f[4]);
      assertThat(Double.parseDouble(f[5])).isCloseTo((double) hits / requests,
          org.assertj.core.api.Assertions.within(1e-6));
      rows.put(f[0] + "," + f[1] + "," + f[2], new long[] {requests, hits});
    }
    return rows;
  }

  @Test
  void aLoopLargerThanTheCacheGivesLruNothingAndOptAllButOneKey() throws IOException {
    Path trace = dir.resolve("loop.txt");
    Files.writeString(trace, "a\nb\nc\nd\n".repeat(5) + "\n*\n", UTF_8);
    int status = run("--trace=" + trace, "--format=lines", "--capacity-entries=3,4",
        "--policies=lru,opt,in-memory", "--out=" + dir.resolve("out"));
    assertThat(status).as(err.toString(UTF_8)).isZero();
    Map<String, long[]> rows = rows(dir.resolve("out/hit-rate.csv"));
    assertThat(rows).hasSize(6);
    assertThat(rows.get("loop.txt,lru,3")).containsExactly(20, 0);
    assertThat(rows.get("loop.txt,opt,3")).containsExactly(20, 12);
    assertThat(rows.get("loop.txt,lru,4")).containsExactly(20, 16);
    assertThat(rows.get("loop.txt,opt,4")).containsExactly(20, 16);
    assertThat(rows.get("loop.txt,in-memory,4")).containsExactly(20, 16);
    assertThat(rows.get("loop.txt,in-memory,3")[1]).isLessThanOrEqualTo(12);
    assertThat(Files.readAllBytes(dir.resolve("out/hit-rate.png"))).startsWith(0x89, 'P', 'N',
        'G');
  }

  @Test
  void theGeneratedTraceGivesTheSameAnswersInEveryFormatAndNoPolicyBeatsOpt() throws IOException {
    Path lines = dir.resolve("wiki.txt.gz");
    Path csv = dir.resolve("wiki.csv.xz");
    Path int32 = dir.resolve("wiki.bin");
    TraceGenerator.write(lines, Trace.Format.LINES, 60_000, 2_000, 42);
    TraceGenerator.write(csv, Trace.Format.CSV, 60_000, 2_000, 42);
    TraceGenerator.write(int32, Trace.Format.INT32, 60_000, 2_000, 42);
    Path outDir = dir.resolve("real");
    int status = run("--trace=" + lines, "--capacity-entries=50,400",
        "--policies=lru,opt,in-memory,memcached", "--out=" + outDir);
    assertThat(status).as(err.toString(UTF_8)).isZero();
    assertThat(run("--trace=" + int32, "--format=int32", "--capacity-entries=50,400",
        "--policies=lru,opt", "--out=" + dir.resolve("int32"))).isZero();
    assertThat(run("--trace=" + csv, "--format=csv", "--capacity-entries=50,400",
        "--policies=lru,opt,in-memory", "--out=" + dir.resolve("csv"))).isZero();

    Map<String, long[]> real = rows(outDir.resolve("hit-rate.csv"));
    assertThat(real).hasSize(8);
    Map<String, long[]> fromInt32 = rows(dir.resolve("int32/hit-rate.csv"));
    Map<String, long[]> fromCsv = rows(dir.resolve("csv/hit-rate.csv"));
    for (int capacity : new int[] {50, 400}) {
      long[] lru = real.get("wiki.txt.gz,lru," + capacity);
      long[] opt = real.get("wiki.txt.gz,opt," + capacity);
      assertThat(lru[0]).isEqualTo(60_000);
      assertThat(fromInt32.get("wiki.bin,lru," + capacity)).containsExactly(lru);
      assertThat(fromInt32.get("wiki.bin,opt," + capacity)).containsExactly(opt);
      assertThat(fromCsv.get("wiki.csv.xz,lru," + capacity)).containsExactly(lru);
      assertThat(fromCsv.get("wiki.csv.xz,opt," + capacity)).containsExactly(opt);
      // Uniform sizes: the byte-bounded caches hold at most `capacity` entries, so OPT bounds them.
      for (String policy : new String[] {"lru", "in-memory", "memcached"}) {
        long hits = real.get("wiki.txt.gz," + policy + "," + capacity)[1];
        assertThat(hits).as(policy + " at " + capacity).isPositive()
            .isLessThanOrEqualTo(opt[1]);
      }
    }
    assertThat(real.get("wiki.txt.gz,lru,400")[1]).as("a larger cache hits more")
        .isGreaterThan(real.get("wiki.txt.gz,lru,50")[1]);
    assertThat(out.toString(UTF_8)).contains("M requests/s").contains("items at the end");
  }

  @Test
  void badArgumentsAreAUsageErrorNotAStackTrace() {
    assertThat(run("--policies=fifo")).isNotZero();
    assertThat(err.toString(UTF_8)).contains("policy must be lru, opt, in-memory or memcached");
    assertThat(run("--capacity-entries=0", "--out=" + dir)).isNotZero();
    assertThat(run("--trace=" + dir.resolve("missing.txt"), "--out=" + dir)).isNotZero();
  }
}
