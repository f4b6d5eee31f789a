package org.wikicache.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wikicache.benchmarks.Report.Ratio;

class ReportTest {

  @Test
  void theIntervalOfARatioIsTheWidestBothScoresAllow() {
    Ratio r = Ratio.of(100, 10, 50, 5);
    assertThat(r.value()).isEqualTo(2.0);
    assertThat(r.low()).isCloseTo(90.0 / 55, within(1e-12));
    assertThat(r.high()).isCloseTo(110.0 / 45, within(1e-12));
    assertThat(Ratio.of(100, 10, 50, 60).high()).isInfinite();
    assertThat(Ratio.of(100, Double.NaN, 50, 5).hasInterval()).isFalse();
  }

  @Test
  void aTargetIsMetOnlyWhenTheWholeIntervalIsOnItsSide() {
    // at least 4x
    assertThat(new Ratio(5, 4.2, 6).verdict(4, true)).isEqualTo("met");
    assertThat(new Ratio(5, 3.9, 6).verdict(4, true)).startsWith("not shown");
    assertThat(new Ratio(3, 2, 3.9).verdict(4, true)).isEqualTo("**missed**");
    // at most 1.15x (the page-hit ratio: 1.19x with intervals as wide as the values)
    Ratio wide = Ratio.of(10_935, 4_616, 9_218, 5_157);
    assertThat(wide.verdict(1.15, false)).startsWith("not shown");
    assertThat(new Ratio(1.1, 1.05, 1.15).verdict(1.15, false)).isEqualTo("met");
    assertThat(new Ratio(1.3, 1.2, 1.4).verdict(1.15, false)).isEqualTo("**missed**");
    assertThat(new Ratio(1.0, Double.NaN, Double.NaN).verdict(1.15, false))
        .startsWith("not shown: no interval");
  }

  @Test
  void readsScoresParametersAndAllocationFromJmhJson(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("jmh.json");
    Files.writeString(json, """
        [{"benchmark": "org.wikicache.benchmarks.LargeValueBenchmark.get", "threads": 1,
          "params": {"client": "ADAPTER", "protocol": "TEXT", "size": "1MiB", "memcached": "auto"},
          "primaryMetric": {"score": 500.0, "scoreError": 25.0},
          "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 1049000.5, "scoreError": 12.0}}},
         {"benchmark": "org.wikicache.benchmarks.PageReadBenchmark.read1", "threads": 1,
          "params": {"backend": "H2"},
          "primaryMetric": {"score": 1000.0, "scoreError": "NaN"}, "secondaryMetrics": {}}]
        """, UTF_8);
    List<Report.Score> scores = Report.read(json);
    assertThat(scores).hasSize(2);
    Report.Score large = scores.get(0);
    assertThat(large.benchmark()).isEqualTo("LargeValueBenchmark.get");
    assertThat(large.params()).containsEntry("size", "1MiB").containsEntry("client", "ADAPTER");
    assertThat(large.paramText()).isEqualTo("client=ADAPTER protocol=TEXT size=1MiB");
    assertThat(large.error()).isEqualTo(25.0);
    assertThat(large.allocBytes()).isEqualTo(1049000.5);
    assertThat(large.micros()).isEqualTo(2000.0);
    Report.Score h2 = scores.get(1);
    assertThat(h2.backend()).isEqualTo("H2");
    assertThat(h2.error()).isNaN();
    assertThat(h2.allocBytes()).isNaN();
  }
}
