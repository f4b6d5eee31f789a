package org.wikicache.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceGeneratorTest {

  @TempDir Path dir;

  @Test
  void theSameSeedWritesTheSameTrace() throws IOException {
    Path a = dir.resolve("a.txt");
    Path b = dir.resolve("b.txt");
    TraceGenerator.write(a, Trace.Format.LINES, 20_000, 1_000, 3);
    TraceGenerator.write(b, Trace.Format.LINES, 20_000, 1_000, 3);
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    TraceGenerator.write(b, Trace.Format.LINES, 20_000, 1_000, 4);
    assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(b));
  }

  @Test
  void looksLikeWikiTrafficSkewedWithOneHitWondersAndScans() throws IOException {
    Path file = dir.resolve("t.csv.gz");
    TraceGenerator.write(file, Trace.Format.CSV, 100_000, 5_000, 1);
    Trace trace = Trace.read(file, Trace.Format.CSV);
    assertThat(trace.requests()).isEqualTo(100_000);
    int[] counts = new int[trace.distinct()];
    for (int key : trace.keys()) {
      counts[key]++;
    }
    long once = Arrays.stream(counts).filter(c -> c == 1).count();
    int top = Arrays.stream(counts).max().orElseThrow();
    // ~5% of requests are one-off searches; the most popular article takes a few percent.
    assertThat(once).isBetween(4_000L, 8_000L);
    assertThat(top).isBetween(1_000, 10_000);
    // a long tail: the crawler alone touches every article
    assertThat(trace.distinct()).isGreaterThan(5_000);
    assertThat(Arrays.stream(trace.sizes()).allMatch(s -> s >= 200 && s <= 1_000_000)).isTrue();
  }
}
