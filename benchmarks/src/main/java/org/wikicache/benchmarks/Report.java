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
import org.apache.commons.math3.distribution.TDistribution;
import org.jspecify.annotations.Nullable;

/**
 * Turns a JMH JSON result ({@code -rf json}, ideally with {@code -prof gc}) into the table of
 * figures and the ratios that matter, in Markdown: cached against uncached, our layers against
 * the raw baselines, getMulti of 100 against 100 gets, large values through the adapter against
 * raw Xmemcached, each next to its target; the allocation per operation of the hit paths; then
 * the store queries per cached page view at steady state ({@link SteadyState}).
 *
 * <p>Every ratio carries an interval derived from both scores' 99.9% confidence intervals (the
 * widest the two allow: {@code (a - ea) / (b + eb)} to {@code (a + ea) / (b - eb)}), and a target
 * is called met only when the whole interval is on the right side of it; when the interval spans
 * the target the verdict is "not shown". Allocation ({@code gc.alloc.rate.norm}, bytes per
 * operation) is reported beside it because CPU noise on a shared machine does not move it.
 *
 * <p>Paired benchmarks ({@link Paired}: the large values, page hits, {@code getMulti}, the full
 * view) give their rows as the geometric mean of one ratio per iteration, with its 99.9%
 * t-interval; the large-value verdicts come from them when they ran. Two separately measured
 * trials drift apart by more than their errors, which a ratio of their scores cannot tell from
 * a real difference.
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
  /** The large-value sizes of {@link LargeValueBenchmark}, smallest first. */
  private static final List<String> SIZES = List.of("4KiB", "64KiB", "512KiB", "1MiB");

  /**
   * One JMH score.
   *
   * @param benchmark {@code Class.method}
   * @param params the JMH parameters, e.g. {@code backend=CACHED_MEMCACHED}
   * @param threads threads
   * @param score operations per second, all threads together
   * @param error the 99.9% confidence half-width ({@code NaN} with fewer than two measurements)
   * @param allocBytes bytes allocated per operation ({@code gc.alloc.rate.norm}), or {@code NaN}
   * @param allocError its 99.9% confidence half-width, or {@code NaN}
   */
  public record Score(String benchmark, Map<String, String> params, int threads, double score,
      double error, double allocBytes, double allocError) {
    /** Copies the parameters. */
    public Score {
      params = Map.copyOf(params);
    }

    /** The {@code backend} parameter, or {@code ""}. */
    public String backend() {
      return params.getOrDefault("backend", "");
    }

    /** Mean time of one operation on one thread, in microseconds. */
    public double micros() {
      return threads * 1e6 / score;
    }

    /** The parameters other than {@code memcached}, as {@code k=v k=v}, or {@code -}. */
    String paramText() {
      String text = new TreeMap<>(params).entrySet().stream()
          .filter(e -> !e.getKey().equals("memcached"))
          .map(e -> e.getKey() + "=" + e.getValue())
          .collect(java.util.stream.Collectors.joining(" "));
      return text.isEmpty() ? "-" : text;
    }

    boolean matches(String name, Map<String, String> wanted) {
      return benchmark.equals(name) && params.entrySet().containsAll(wanted.entrySet());
    }
  }

  /**
   * A ratio of two scores with the interval both scores' errors allow.
   *
   * @param value the ratio of the scores
   * @param low the lowest ratio within both confidence intervals ({@code NaN} if unknown)
   * @param high the highest ({@code +Infinity} if the divisor's interval reaches 0)
   */
  public record Ratio(double value, double low, double high) {
    /**
     * The ratio {@code a / b} of two measured values with their 99.9% half-widths.
     *
     * @param a the dividend
     * @param errorA its half-width ({@code NaN} if unknown)
     * @param b the divisor, positive
     * @param errorB its half-width ({@code NaN} if unknown)
     * @return the ratio and its interval
     */
    public static Ratio of(double a, double errorA, double b, double errorB) {
      double value = a / b;
      if (Double.isNaN(errorA) || Double.isNaN(errorB)) {
        return new Ratio(value, Double.NaN, Double.NaN);
      }
      double low = Math.max(0, a - errorA) / (b + errorB);
      double high = b - errorB <= 0 ? Double.POSITIVE_INFINITY : (a + errorA) / (b - errorB);
      return new Ratio(value, low, high);
    }

    /**
     * The ratio of paired measurements: the geometric mean of {@code a[i] / b[i]}, with the
     * 99.9% interval of Student's t over the logarithms of these ratios. Each pair is measured
     * under the same conditions, so what moves both (another process, the JIT, the heap) cancels.
     *
     * @param a the dividends, one per pair, positive
     * @param b the divisors, as many, positive
     * @return the ratio, with no interval if there are fewer than two pairs
     * @throws IllegalArgumentException if the lists differ in length, are empty, or hold a value
     *     that is not positive
     */
    public static Ratio paired(List<Double> a, List<Double> b) {
      if (a.size() != b.size() || a.isEmpty()) {
        throw new IllegalArgumentException("need as many dividends as divisors, at least one: "
            + a.size() + " and " + b.size());
      }
      int n = a.size();
      double[] logs = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        if (!(a.get(i) > 0 && b.get(i) > 0)) {
          throw new IllegalArgumentException("pair " + i + " is not positive: " + a.get(i)
              + " / " + b.get(i));
        }
        logs[i] = Math.log(a.get(i) / b.get(i));
        sum += logs[i];
      }
      double mean = sum / n;
      if (n < 2) {
        return new Ratio(Math.exp(mean), Double.NaN, Double.NaN);
      }
      double squares = 0;
      for (double log : logs) {
        squares += (log - mean) * (log - mean);
      }
      double half = new TDistribution(n - 1).inverseCumulativeProbability(0.9995)
          * Math.sqrt(squares / (n - 1) / n);
      return new Ratio(Math.exp(mean), Math.exp(mean - half), Math.exp(mean + half));
    }

    /** The ratio the other way round, {@code b / a}, with its interval turned round too. */
    public Ratio inverse() {
      return new Ratio(1 / value, 1 / high, 1 / low);
    }

    /** Whether an interval is known. */
    public boolean hasInterval() {
      return !Double.isNaN(low);
    }

    /**
     * The verdict on a target: met only if the whole interval is on the right side.
     *
     * @param bound the target
     * @param atLeast true for "ratio >= bound", false for "ratio <= bound"
     * @return {@code met}, {@code **missed**}, or why it is not shown
     */
    public String verdict(double bound, boolean atLeast) {
      if (!hasInterval()) {
        return "not shown: no interval (run >= 2 forks or iterations)";
      }
      if (atLeast ? low >= bound : high <= bound) {
        return "met";
      }
      if (atLeast ? high < bound : low > bound) {
        return "**missed**";
      }
      return "not shown: the interval spans the target";
    }

    @Override
    public String toString() {
      return hasInterval() ? x(value) + " [" + x(low) + ", " + x(high) + "]" : x(value);
    }
  }

  /**
   * One trial of a paired benchmark ({@link PairedNanos}): per iteration, the time our code and
   * its baseline took for the same calls.
   *
   * @param benchmark {@code Class.method}
   * @param params the JMH parameters
   * @param oursNanos our time in each iteration, all forks one after the other
   * @param baselineNanos the baseline's time in the same iterations
   * @param calls the calls each side made in all these iterations together
   */
  public record Paired(String benchmark, Map<String, String> params, List<Double> oursNanos,
      List<Double> baselineNanos, double calls) {
    /** Copies the parameters and the times. */
    public Paired {
      params = Map.copyOf(params);
      oursNanos = List.copyOf(oursNanos);
      baselineNanos = List.copyOf(baselineNanos);
    }

    /** Our time over the baseline's, one ratio per iteration, combined ({@link Ratio#paired}). */
    public Ratio ratio() {
      return Ratio.paired(oursNanos, baselineNanos);
    }

    /** Our mean time per call, in microseconds. */
    public double oursMicros() {
      return sum(oursNanos) / calls / 1e3;
    }

    /** The baseline's mean time per call, in microseconds. */
    public double baselineMicros() {
      return sum(baselineNanos) / calls / 1e3;
    }

    /** {@code what}, then how many iterations the ratio combines. */
    String label(String what) {
      return what + " (paired, " + oursNanos.size() + " iterations)";
    }

    boolean matches(String name, Map<String, String> wanted) {
      return benchmark.equals(name) && params.entrySet().containsAll(wanted.entrySet());
    }
  }

  private final List<Score> scores;
  private final List<Paired> pairs;
  private final PrintStream out;

  private Report(List<Score> scores, List<Paired> pairs, PrintStream out) {
    this.scores = scores;
    this.pairs = pairs;
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
    return read(parse(json));
  }

  private static List<Score> read(JsonNode root) {
    List<Score> scores = new ArrayList<>();
    for (JsonNode run : root) {
      JsonNode metric = run.path("primaryMetric");
      JsonNode alloc = run.path("secondaryMetrics").path("gc.alloc.rate.norm");
      scores.add(new Score(name(run), params(run), run.path("threads").asInt(1),
          metric.path("score").asDouble(), number(metric.path("scoreError")),
          alloc.isMissingNode() ? Double.NaN : number(alloc.path("score")),
          alloc.isMissingNode() ? Double.NaN : number(alloc.path("scoreError"))));
    }
    return scores;
  }

  /**
   * Reads the paired trials of a JMH JSON result: those with the secondary metrics
   * {@code oursNanos}, {@code baselineNanos} and {@code calls} ({@link PairedNanos}).
   *
   * @param json the file
   * @return the paired trials, in file order
   * @throws IOException if it cannot be read or parsed
   */
  public static List<Paired> readPaired(Path json) throws IOException {
    return readPaired(parse(json));
  }

  private static List<Paired> readPaired(JsonNode root) {
    List<Paired> pairs = new ArrayList<>();
    for (JsonNode run : root) {
      JsonNode metrics = run.path("secondaryMetrics");
      JsonNode ours = metrics.path("oursNanos").path("rawData");
      JsonNode baseline = metrics.path("baselineNanos").path("rawData");
      JsonNode calls = metrics.path("calls").path("rawData");
      if (ours.isMissingNode() || baseline.isMissingNode() || calls.isMissingNode()) {
        continue;
      }
      pairs.add(new Paired(name(run), params(run), iterations(ours), iterations(baseline),
          sum(iterations(calls))));
    }
    return pairs;
  }

  private static JsonNode parse(Path json) throws IOException {
    return new ObjectMapper().readTree(json.toFile());
  }

  /** A JMH run's parameters, sorted by name. */
  private static Map<String, String> params(JsonNode run) {
    Map<String, String> params = new TreeMap<>();
    run.path("params").fields().forEachRemaining(e -> params.put(e.getKey(),
        e.getValue().asText()));
    return params;
  }

  private static double sum(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).sum();
  }

  /** {@code Class.method} of a JMH run's full benchmark name. */
  private static String name(JsonNode run) {
    String[] parts = run.path("benchmark").asText().split("\\.");
    return parts[parts.length - 2] + "." + parts[parts.length - 1];
  }

  /** JMH's raw data, one array per fork, as one list of iterations. */
  private static List<Double> iterations(JsonNode rawData) {
    List<Double> values = new ArrayList<>();
    for (JsonNode fork : rawData) {
      for (JsonNode iteration : fork) {
        values.add(iteration.asDouble());
      }
    }
    return values;
  }

  /** A JSON number, or NaN for JMH's {@code "NaN"} string and missing values. */
  private static double number(JsonNode node) {
    return node.isNumber() ? node.asDouble() : Double.NaN;
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
    JsonNode json = parse(Path.of(args[0]));
    Report report = new Report(read(json), readPaired(json), System.out);
    report.table();
    report.ratios();
    report.largeValues();
    report.allocation();
    String memcached = args.length > 1 ? args[1] : "auto";
    if (!memcached.equals("none")) {
      report.steadyState(memcached);
    }
  }

  private void table() {
    out.println("### JMH scores (throughput, all threads together)");
    out.println();
    out.println("| benchmark | parameters | threads | ops/s | ± (99.9%) | µs/op per thread"
        + " | B/op |");
    out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    for (Score s : scores) {
      out.printf(Locale.ROOT, "| %s | %s | %d | %,.0f | %s | %,.2f | %s |%n", s.benchmark(),
          s.paramText(), s.threads(), s.score(), Double.isNaN(s.error()) ? "-"
              : String.format(Locale.ROOT, "%,.0f", s.error()), s.micros(),
          Double.isNaN(s.allocBytes()) ? "-" : String.format(Locale.ROOT, "%,.0f",
              s.allocBytes()));
    }
    out.println();
  }

  private void ratios() {
    out.println("### Ratios and targets");
    out.println();
    out.println("Each ratio: measured [lowest, highest within both scores' 99.9% intervals]; met"
        + " only if the whole interval meets the target. Paired rows: both sides timed in the"
        + " same iterations, geometric mean of one ratio per iteration [99.9% t-interval].");
    out.println();
    out.println("| comparison | threads | ratio [interval] | target | verdict |");
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
      target("full view: cached in process (near cache) / uncached PostgreSQL", t,
          speedup(v, "CACHED_NEAR", v, "UNCACHED_POSTGRES"), ">= 100x", 100, true);
      target("page hit: in-process (near cache) layer time / raw Caffeine getIfPresent of the"
              + " decoded Page", t,
          speedup(r, "RAW_CAFFEINE_DECODED", r, "CACHED_NEAR"), "<= 3x", 3, false);
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
      info("edit: cached (memcached) with a second server / uncached, PostgreSQL", t,
          speedup(e, "POSTGRES_CACHED_MEMCACHED_TWO_SERVERS", e, "POSTGRES_UNCACHED"));
      info("edit: cached (memcached) with a second server / cached alone, PostgreSQL", t,
          speedup(e, "POSTGRES_CACHED_MEMCACHED_TWO_SERVERS", e, "POSTGRES_CACHED_MEMCACHED"));
    }
    pairedSpeedup("full view: cached via memcached / uncached PostgreSQL", "MEMCACHED",
        ">= 4x", 4);
    // An in-process view takes microseconds and, paired, runs right after an uncached one that
    // has emptied the CPU's caches: context, while their own trials give the verdict.
    pairedSpeedup("full view: cached in-memory / uncached PostgreSQL", "IN_MEMORY", null, 0);
    pairedSpeedup("full view: cached in process (near cache) / uncached PostgreSQL",
        "NEAR_CACHE", null, 0);
    Paired batch = findPaired("BatchBenchmark.getMultiPaired", Map.of());
    if (batch != null) {
      target(batch.label("memcached: getMulti of 100 / 100 single gets"), 1,
          batch.ratio().inverse(), ">= 25x", 25, true);
    }
    pairedTarget("page hit: memcached layer time / raw Xmemcached get+decode time",
        "MEMCACHED_LAYER", "<= 1.15x", 1.15);
    pairedTarget("page hit: in-memory layer time / raw Caffeine getIfPresent+decode time",
        "IN_MEMORY_LAYER", "<= 2x", 2);
    pairedTarget("page hit: in-process (near cache) layer time / raw Caffeine getIfPresent of"
        + " the decoded Page", "NEAR_CACHE", "<= 3x", 3);
    for (Score replay : scores) {
      if (replay.benchmark().equals("ReplayBenchmark.replay")) {
        target("hit-rate tool: " + replay.paramText() + ", million requests/s on one core", 1,
            Ratio.of(replay.score() / 1e6, replay.error() / 1e6, 1, 0), ">= 5", 5, true);
      } else if (replay.benchmark().equals("ReplayBenchmark.optIndex")) {
        info("hit-rate tool: opt's next-use index (once per trace), million requests/s", 1,
            Ratio.of(replay.score() / 1e6, replay.error() / 1e6, 1, 0));
      }
    }
    out.println();
  }

  /** The adapter against raw Xmemcached, per size, protocol and operation. */
  private void largeValues() {
    if (scores.stream().noneMatch(s -> s.benchmark().startsWith("LargeValueBenchmark."))) {
      return;
    }
    out.println("### Large values: XmemcachedClient against raw Xmemcached (1 thread)");
    out.println();
    out.println("Time of one operation through the adapter over the time of raw Xmemcached"
        + " sending the same bytes (default transcoder, no compression); target <= 1.3x."
        + " Paired: both clients called alternately in the same iterations, one ratio per"
        + " iteration, geometric mean [99.9% t-interval]; the verdict and the µs are the"
        + " paired ones when it ran. Separate: each client's own trials, ratio of the scores"
        + " [the widest interval both errors allow].");
    out.println();
    out.println("| operation | protocol | size | adapter µs | raw µs | paired ratio [interval]"
        + " | separate ratio [interval] | verdict | out-of-the-box Xmemcached µs |");
    out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |");
    for (String op : List.of("set", "get")) {
      for (String protocol : List.of("TEXT", "BINARY")) {
        for (String size : SIZES) {
          Map<String, String> row = Map.of("protocol", protocol, "size", size);
          largeValue(op, protocol, size, findPaired("LargeValueBenchmark." + op + "Paired", row),
              find("LargeValueBenchmark." + op, with(row, "client", "ADAPTER")),
              find("LargeValueBenchmark." + op, with(row, "client", "RAW_XMEMCACHED")),
              find("LargeValueBenchmark." + op, with(row, "client", "RAW_OUT_OF_THE_BOX")));
        }
      }
    }
    out.println();
  }

  private void largeValue(String op, String protocol, String size, @Nullable Paired paired,
      @Nullable Score adapter, @Nullable Score raw, @Nullable Score box) {
    Ratio separate = adapter == null || raw == null ? null
        : Ratio.of(raw.score(), raw.error(), adapter.score(), adapter.error());
    if (paired == null && separate == null) {
      return;
    }
    Ratio verdictRatio = paired != null ? paired.ratio() : separate;
    out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", op, protocol, size,
        paired != null ? micros(paired.oursMicros()) : micros(adapter),
        paired != null ? micros(paired.baselineMicros()) : micros(raw),
        paired == null ? "(not run)" : paired.ratio() + " (" + paired.oursNanos().size()
            + " iterations)",
        separate == null ? "(not run)" : separate,
        verdictRatio.verdict(1.3, false), box == null ? "(not run)" : micros(box));
  }

  private static Map<String, String> with(Map<String, String> params, String key, String value) {
    Map<String, String> all = new TreeMap<>(params);
    all.put(key, value);
    return all;
  }

  private @Nullable Paired findPaired(String benchmark, Map<String, String> params) {
    for (Paired p : pairs) {
      if (p.matches(benchmark, params)) {
        return p;
      }
    }
    return null;
  }

  /** Bytes allocated per operation on the hit paths, where CPU noise does not reach. */
  private void allocation() {
    if (scores.stream().allMatch(s -> Double.isNaN(s.allocBytes()))) {
      return;
    }
    out.println("### Allocation per operation on the hit paths (`-prof gc`, gc.alloc.rate.norm)");
    out.println();
    out.println("| path | threads | ours B/op | baseline | baseline B/op | ours / baseline |");
    out.println("| --- | ---: | ---: | --- | ---: | ---: |");
    for (int t : new int[] {1, 4}) {
      String r = "PageReadBenchmark.read" + t;
      String v = "FullViewBenchmark.view" + t;
      alloc("page hit, in-memory layer", t, find(r, Map.of("backend", "CACHED_IN_MEMORY")),
          "raw Caffeine + decode", find(r, Map.of("backend", "RAW_CAFFEINE")));
      alloc("page hit, in-process near cache", t, find(r, Map.of("backend", "CACHED_NEAR")),
          "raw Caffeine of the decoded Page", find(r, Map.of("backend", "RAW_CAFFEINE_DECODED")));
      alloc("page hit, memcached layer", t, find(r, Map.of("backend", "CACHED_MEMCACHED")),
          "raw Xmemcached + decode", find(r, Map.of("backend", "RAW_XMEMCACHED")));
      alloc("full view, cached in-memory", t, find(v, Map.of("backend", "CACHED_IN_MEMORY")),
          "uncached PostgreSQL", find(v, Map.of("backend", "UNCACHED_POSTGRES")));
      alloc("full view, cached in process (near cache)", t,
          find(v, Map.of("backend", "CACHED_NEAR")),
          "uncached PostgreSQL", find(v, Map.of("backend", "UNCACHED_POSTGRES")));
      alloc("full view, cached memcached", t, find(v, Map.of("backend", "CACHED_MEMCACHED")),
          "uncached PostgreSQL", find(v, Map.of("backend", "UNCACHED_POSTGRES")));
      alloc("100 pages, getMulti", t, find("BatchBenchmark.getMulti100x" + t, Map.of()),
          "100 gets", find("BatchBenchmark.get100x" + t, Map.of()));
    }
    for (String protocol : List.of("TEXT", "BINARY")) {
      alloc("1 MiB get, adapter, " + protocol, 1, find("LargeValueBenchmark.get",
              Map.of("client", "ADAPTER", "protocol", protocol, "size", "1MiB")),
          "raw Xmemcached", find("LargeValueBenchmark.get",
              Map.of("client", "RAW_XMEMCACHED", "protocol", protocol, "size", "1MiB")));
    }
    out.println();
  }

  private void alloc(String what, int threads, @Nullable Score ours, String baselineName,
      @Nullable Score baseline) {
    if (ours == null || Double.isNaN(ours.allocBytes())) {
      return;
    }
    boolean hasBaseline = baseline != null && !Double.isNaN(baseline.allocBytes());
    out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n", what, threads, bytes(ours),
        baselineName, hasBaseline ? bytes(baseline) : "(not run)", hasBaseline
            ? Ratio.of(ours.allocBytes(), ours.allocError(), baseline.allocBytes(),
                baseline.allocError()).toString() : "-");
  }

  private static String bytes(Score s) {
    return Double.isNaN(s.allocError())
        ? String.format(Locale.ROOT, "%,.0f", s.allocBytes())
        : String.format(Locale.ROOT, "%,.0f ± %,.0f", s.allocBytes(), s.allocError());
  }

  private static String micros(double micros) {
    return String.format(Locale.ROOT, "%,.0f", micros);
  }

  private static String micros(Score s) {
    if (Double.isNaN(s.error())) {
      return micros(s.micros());
    }
    // time = threads / throughput: the interval of the throughput, inverted
    double low = s.threads() * 1e6 / (s.score() + s.error());
    double high = s.score() - s.error() <= 0 ? Double.POSITIVE_INFINITY
        : s.threads() * 1e6 / (s.score() - s.error());
    return String.format(Locale.ROOT, "%,.0f [%,.0f, %,.0f]", s.micros(), low, high);
  }

  /** The throughput of (a, backendA) over that of (b, backendB), or null if one is missing. */
  private @Nullable Ratio speedup(String a, String backendA, String b, String backendB) {
    Score x = find(a, backendA.isEmpty() ? Map.of() : Map.of("backend", backendA));
    Score y = find(b, backendB.isEmpty() ? Map.of() : Map.of("backend", backendB));
    return x == null || y == null ? null : Ratio.of(x.score(), x.error(), y.score(), y.error());
  }

  private @Nullable Score find(String benchmark, Map<String, String> params) {
    for (Score s : scores) {
      if (s.matches(benchmark, params)) {
        return s;
      }
    }
    return null;
  }

  private void target(String what, int threads, @Nullable Ratio ratio, String target,
      double bound, boolean atLeast) {
    if (ratio == null) {
      out.printf(Locale.ROOT, "| %s | %d | (not run) | %s | - |%n", what, threads, target);
      return;
    }
    out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", what, threads, ratio, target,
        ratio.verdict(bound, atLeast));
  }

  /**
   * A target of {@code FullViewBenchmark.viewPaired}, if it ran for that comparison; context
   * only if {@code target} is null.
   */
  private void pairedSpeedup(String what, String comparison, @Nullable String target,
      double bound) {
    Paired paired = findPaired("FullViewBenchmark.viewPaired", Map.of("comparison", comparison));
    if (paired == null) {
      return;
    }
    String row = paired.label(what);
    if (target == null) {
      info(row + ", each view right after an uncached one", 1, paired.ratio().inverse());
    } else {
      target(row, 1, paired.ratio().inverse(), target, bound, true);
    }
  }

  /** A target of {@code PageReadBenchmark.readPaired}, if it ran for that comparison. */
  private void pairedTarget(String what, String comparison, String target, double bound) {
    Paired paired = findPaired("PageReadBenchmark.readPaired", Map.of("comparison", comparison));
    if (paired != null) {
      target(paired.label(what), 1, paired.ratio(), target, bound, false);
    }
  }

  private void info(String what, int threads, @Nullable Ratio ratio) {
    if (ratio != null) {
      out.printf(Locale.ROOT, "| %s | %d | %s | (context) | |%n", what, threads, ratio);
    }
  }

  static String x(double ratio) {
    if (Double.isInfinite(ratio)) {
      return "inf";
    }
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
