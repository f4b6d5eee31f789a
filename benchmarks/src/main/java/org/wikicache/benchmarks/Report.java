package org.wikicache.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Turns a JMH JSON result ({@code -rf json}) into the table of figures and the ratios that
 * matter, in Markdown: cached against uncached, our layers against the raw baselines, getMulti
 * of 100 against 100 gets, each next to its target; then measures the store queries per cached
 * page view at steady state ({@link SteadyState}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.wikicache.benchmarks.Report jmh.json [memcached|none]
 * </pre>
 * The second argument is {@code auto} (default: start a memcached), {@code host:port}, or
 * {@code none} to skip the query count.
 *
 * <p><b>Thread safety:</b> a command-line program.
 */
public final class Report {
  /**
   * One JMH score.
   *
   * @param benchmark {@code Class.method}
   * @param backend the {@code backend} parameter, or {@code ""}
   * @param threads threads
   * @param score operations per second, all threads together
   * @param error the 99.9% confidence half-width
   */
  public record Score(String benchmark, String backend, int threads, double score,
      double error) {
    /** Mean time of one operation on one thread, in microseconds. */
    public double micros() {
      return threads * 1e6 / score;
    }
  }

  private final List<Score> scores;
  private final PrintStream out;

  private Report(List<Score> scores, PrintStream out) {
    this.scores = scores;
    this.out = out;
  }

  /**
   * Reads a JMH JSON result.
   *
   * @param json the file
   * @return the scores, in file order
   * @throws IOException if it cannot be read or parsed
   */
  public static List<Score> read(Path json) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    List<Score> scores = new ArrayList<>();
    for (JsonNode run : root) {
      String full = run.path("benchmark").asText();
      String[] parts = full.split("\\.");
      String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
      String backend = run.path("params").path("backend").asText("");
      JsonNode metric = run.path("primaryMetric");
      double error = metric.path("scoreError").asDouble(Double.NaN);
      scores.add(new Score(name, backend, run.path("threads").asInt(1),
          metric.path("score").asDouble(), error));
    }
    return scores;
  }

  /**
   * Prints the report.
   *
   * @param args the JMH JSON file, then {@code auto}, {@code host:port} or {@code none}
   * @throws IOException if the file cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: Report jmh-result.json [auto|host:port|none]");
      System.exit(2);
    }
    Report report = new Report(read(Path.of(args[0])), System.out);
    report.table();
    report.ratios();
    String memcached = args.length > 1 ? args[1] : "auto";
    if (!memcached.equals("none")) {
      report.steadyState(memcached);
    }
  }

  private void table() {
    out.println("### JMH scores (throughput, all threads together)");
    out.println();
    out.println("| benchmark | backend | threads | ops/s | ± (99.9%) | µs/op per thread |");
    out.println("| --- | --- | ---: | ---: | ---: | ---: |");
    for (Score s : scores) {
      out.printf(Locale.ROOT, "| %s | %s | %d | %,.0f | %,.0f | %,.2f |%n", s.benchmark(),
          s.backend().isEmpty() ? "-" : s.backend(), s.threads(), s.score(), s.error(),
          s.micros());
    }
    out.println();
  }

  private void ratios() {
    out.println("### Ratios and targets");
    out.println();
    out.println("| comparison | threads | ratio | target | met? |");
    out.println("| --- | ---: | ---: | --- | --- |");
    for (int t : new int[] {1, 4}) {
      String v = "FullViewBenchmark.view" + t;
      String r = "PageReadBenchmark.read" + t;
      String e = "EditBenchmark.edit" + t;
      target("full view: cached via memcached / uncached PostgreSQL", t,
          speedup(v, "CACHED_MEMCACHED", v, "UNCACHED_POSTGRES"), ">= 4x", 4, true);
      target("full view: cached in-memory / uncached PostgreSQL", t,
          speedup(v, "CACHED_IN_MEMORY", v, "UNCACHED_POSTGRES"), ">= 100x", 100, true);
      target("page hit: in-memory layer time / raw Caffeine getIfPresent+decode time", t,
          speedup(r, "RAW_CAFFEINE", r, "CACHED_IN_MEMORY"), "<= 2x", 2, false);
      target("page hit: memcached layer time / raw Xmemcached get+decode time", t,
          speedup(r, "RAW_XMEMCACHED", r, "CACHED_MEMCACHED"), "<= 1.15x", 1.15, false);
      target("memcached: getMulti of 100 / 100 single gets", t,
          speedup("BatchBenchmark.getMulti100x" + t, "", "BatchBenchmark.get100x" + t, ""),
          ">= 25x", 25, true);
      info("full view: uncached H2 / uncached PostgreSQL", t,
          speedup(v, "UNCACHED_H2", v, "UNCACHED_POSTGRES"));
      info("page read: cached in-memory / uncached PostgreSQL", t,
          speedup(r, "CACHED_IN_MEMORY", r, "POSTGRES"));
      info("page read: cached memcached / uncached PostgreSQL", t,
          speedup(r, "CACHED_MEMCACHED", r, "POSTGRES"));
      info("page read: cached in-memory / uncached H2", t,
          speedup(r, "CACHED_IN_MEMORY", r, "H2"));
      info("page read: cached memcached / uncached H2", t,
          speedup(r, "CACHED_MEMCACHED", r, "H2"));
      info("page read: JdbcWikiStore time / raw JDBC time (PostgreSQL)", t,
          speedup(r, "RAW_JDBC_POSTGRES", r, "POSTGRES"));
      info("page read: JdbcWikiStore time / raw JDBC time (H2)", t,
          speedup(r, "RAW_JDBC_H2", r, "H2"));
      info("edit: cached (memcached) / uncached, PostgreSQL", t,
          speedup(e, "POSTGRES_CACHED_MEMCACHED", e, "POSTGRES_UNCACHED"));
      info("edit: cached (in-memory) / uncached, PostgreSQL", t,
          speedup(e, "POSTGRES_CACHED_IN_MEMORY", e, "POSTGRES_UNCACHED"));
      info("edit: cached (in-memory) / uncached, H2", t,
          speedup(e, "H2_CACHED_IN_MEMORY", e, "H2_UNCACHED"));
    }
    out.println();
  }

  /** The throughput of (a, backendA) over that of (b, backendB), or null if one is missing. */
  private @Nullable Double speedup(String a, String backendA, String b, String backendB) {
    Score x = find(a, backendA);
    Score y = find(b, backendB);
    return x == null || y == null ? null : x.score() / y.score();
  }

  private @Nullable Score find(String benchmark, String backend) {
    for (Score s : scores) {
      if (s.benchmark().equals(benchmark) && s.backend().equals(backend)) {
        return s;
      }
    }
    return null;
  }

  private void target(String what, int threads, @Nullable Double ratio, String target,
      double bound, boolean atLeast) {
    if (ratio == null) {
      out.printf(Locale.ROOT, "| %s | %d | (not run) | %s | - |%n", what, threads, target);
      return;
    }
    boolean met = atLeast ? ratio >= bound : ratio <= bound;
    out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", what, threads, x(ratio), target,
        met ? "yes" : "**no**");
  }

  private void info(String what, int threads, @Nullable Double ratio) {
    if (ratio != null) {
      out.printf(Locale.ROOT, "| %s | %d | %s | (context) | |%n", what, threads, x(ratio));
    }
  }

  private static String x(double ratio) {
    return ratio >= 100 ? String.format(Locale.ROOT, "%,.0fx", ratio)
        : String.format(Locale.ROOT, "%.2fx", ratio);
  }

  private void steadyState(String memcached) {
    out.println("### Store queries per full page view at steady state");
    out.println();
    out.println("| configuration | views | store queries | per view | cache hits | cache misses |");
    out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
    Map<String, SteadyState.Count> byName = new TreeMap<>();
    for (SteadyState.Count c : SteadyState.measure(memcached)) {
      byName.put(c.name(), c);
      out.printf(Locale.ROOT, "| %s | %,d | %,d | %.3f | %,d | %,d |%n", c.name(), c.views(),
          c.queries(), c.perView(), c.cacheHits(), c.cacheMisses());
    }
    boolean zero = byName.values().stream()
        .filter(c -> !c.name().startsWith("uncached")).allMatch(c -> c.queries() == 0);
    out.println();
    out.println("Target: 0 store queries per cached view: " + (zero ? "met" : "**not met**"));
    out.println();
  }
}
