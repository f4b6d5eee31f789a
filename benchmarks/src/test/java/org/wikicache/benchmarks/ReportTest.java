package org.wikicache.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

  @Test
  void aPairedRatioIsTheGeometricMeanOfThePairsWithTheTIntervalOfTheirLogarithms() {
    Ratio r = Ratio.paired(List.of(110.0, 240.0, 390.0), List.of(100.0, 200.0, 300.0));
    double[] logs = {Math.log(1.1), Math.log(1.2), Math.log(1.3)};
    double mean = (logs[0] + logs[1] + logs[2]) / 3;
    double sd = Math.sqrt(((logs[0] - mean) * (logs[0] - mean) + (logs[1] - mean)
        * (logs[1] - mean) + (logs[2] - mean) * (logs[2] - mean)) / 2);
    double half = 31.5991 * sd / Math.sqrt(3); // Student's t, 2 degrees of freedom, 99.95%
    assertThat(r.value()).isCloseTo(Math.exp(mean), within(1e-12));
    assertThat(r.low()).isCloseTo(Math.exp(mean - half), within(1e-4));
    assertThat(r.high()).isCloseTo(Math.exp(mean + half), within(1e-3));
  }

  @Test
  void driftThatMovesBothSidesOfEachPairCancelsOut() {
    // the baseline's time doubles from one iteration to the next; ours is always 1.2x of it
    List<Double> raw = List.of(100.0, 200.0, 400.0, 800.0, 1600.0);
    List<Double> ours = raw.stream().map(t -> t * 1.2).toList();
    Ratio paired = Ratio.paired(ours, raw);
    assertThat(paired.value()).isCloseTo(1.2, within(1e-12));
    assertThat(paired.high()).isCloseTo(1.2, within(1e-12));
    assertThat(paired.verdict(1.3, false)).isEqualTo("met");
    // the same times as two separate scores (mean ± 99.9% error) cannot show it
    Ratio separate = Ratio.of(1.2 * 620, 1.2 * 1500, 620, 1500);
    assertThat(separate.verdict(1.3, false)).startsWith("not shown");
  }

  @Test
  void anInverseRatioTurnsItsIntervalRound() {
    Ratio speedup = new Ratio(0.04, 0.02, 0.05).inverse();
    assertThat(speedup.value()).isCloseTo(25, within(1e-9));
    assertThat(speedup.low()).isCloseTo(20, within(1e-9));
    assertThat(speedup.high()).isCloseTo(50, within(1e-9));
    assertThat(new Ratio(2, 0, 4).inverse().high()).isInfinite();
    assertThat(new Ratio(2, Double.NaN, Double.NaN).inverse().hasInterval()).isFalse();
  }

  @Test
  void aPairedRatioNeedsMatchingPositivePairsAndTwoForAnInterval() {
    assertThat(Ratio.paired(List.of(3.0), List.of(2.0)).value()).isEqualTo(1.5);
    assertThat(Ratio.paired(List.of(3.0), List.of(2.0)).hasInterval()).isFalse();
    assertThatThrownBy(() -> Ratio.paired(List.of(1.0, 2.0), List.of(1.0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ratio.paired(List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ratio.paired(List.of(1.0, 0.0), List.of(1.0, 1.0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pair 1");
    assertThatThrownBy(() -> Ratio.paired(List.of(1.0, Double.NaN), List.of(1.0, 1.0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsThePairedTimesOfEveryIterationOfEveryFork(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("jmh.json");
    Files.writeString(json, """
        [{"benchmark": "org.wikicache.benchmarks.LargeValueBenchmark.setPaired", "threads": 1,
          "params": {"protocol": "BINARY", "size": "512KiB", "memcached": "auto"},
          "primaryMetric": {"score": 600.0, "scoreError": 30.0},
          "secondaryMetrics": {
            "oursNanos": {"score": 1.0, "rawData": [[500000000, 480000000], [510000000]]},
            "baselineNanos": {"score": 1.0, "rawData": [[450000000, 470000000], [500000000]]},
            "calls": {"score": 1.0, "rawData": [[1000, 1000], [1000]]}}},
         {"benchmark": "org.wikicache.benchmarks.LargeValueBenchmark.set", "threads": 1,
          "params": {"client": "ADAPTER", "protocol": "BINARY", "size": "512KiB"},
          "primaryMetric": {"score": 1000.0, "scoreError": 5.0}, "secondaryMetrics": {}}]
        """, UTF_8);
    List<Report.Paired> pairs = Report.readPaired(json);
    assertThat(pairs).hasSize(1);
    Report.Paired set = pairs.get(0);
    assertThat(set.benchmark()).isEqualTo("LargeValueBenchmark.setPaired");
    assertThat(set.params()).containsEntry("size", "512KiB");
    assertThat(set.oursNanos()).containsExactly(5e8, 4.8e8, 5.1e8);
    assertThat(set.baselineNanos()).containsExactly(4.5e8, 4.7e8, 5e8);
    assertThat(set.oursMicros()).isCloseTo(1.49e9 / 3000 / 1e3, within(1e-9));
    assertThat(set.baselineMicros()).isCloseTo(1.42e9 / 3000 / 1e3, within(1e-9));
    assertThat(set.ratio().value()).isCloseTo(Math.cbrt(5.0 / 4.5 * 4.8 / 4.7 * 5.1 / 5.0),
        within(1e-12));
    assertThat(Report.read(json)).hasSize(2);
  }
}
