package org.wikicache.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.testing.MemcachedProcess;
import org.wikicache.xmemcached.XmemcachedClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Replays access traces, a user's own or synthetic ones, through cache policies at several
 * capacities and reports the hit ratios.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.wikicache.benchmarks.HitRateSimulator \
 *     --trace=FILE --format=lines|csv|int32 --capacity-entries=100,500,1000 \
 *     --policies=lru,opt,in-memory,memcached --out=DIR
 * </pre>
 *
 * <ul>
 *   <li><b>Traces</b> ({@code --trace}, repeatable or comma-separated): see {@link Trace.Format}
 *       for {@code lines}, {@code csv} ({@code key,size}) and {@code int32}; {@code .gz} and
 *       {@code .xz} files are read directly. Without {@code --trace}, the synthetic
 *       {@link Workload workloads} are replayed ({@code --workloads}, {@code --pages},
 *       {@code --requests}, {@code --skew}).
 *   <li><b>{@code lru}</b>: exact LRU over entries ({@link Lru}); <b>{@code opt}</b>: Belady's
 *       optimum over entries ({@link Belady}). Both replay tens of millions of requests a second on
 *       one core and print a progress line on long traces.
 *   <li><b>{@code in-memory}</b>: the real {@link InMemoryMemcacheClient} (Caffeine's W-TinyLFU,
 *       bounded in bytes) with {@code maximumBytes} = capacity x the mean item (value + key + 59
 *       bytes), replayed one request at a time as cache-aside ({@link CacheAsideSimulator}).
 *   <li><b>{@code memcached}</b>: a real memcached ({@link MemcachedProcess}, {@code -m} in whole
 *       MiB: capacity x the mean item, rounded up; {@code -I 512k} below 2 MiB) through the real
 *       {@link XmemcachedClient}, replayed in batches of {@code --batch} (one {@code getMulti},
 *       then one pipelined {@code setMulti} of the misses). For a trace without sizes the value
 *       size is chosen so that {@code capacity} items fill the MiB exactly; memcached's slab
 *       classes still round each item up to a chunk, so it holds fewer entries than
 *       {@code capacity}: the tool prints how many it held.
 *   <li>Byte-bounded policies use a {@code csv} trace's sizes (a key's last size); other traces
 *       have values of {@code --value-bytes}. {@code lru} and {@code opt} count entries only.
 * </ul>
 *
 * <p>It writes {@code DIR/hit-rate.csv} (header {@code trace,policy,capacity,requests,hits,
 * hit_ratio}, capacity in entries, one row per trace, policy and capacity) and
 * {@code DIR/hit-rate.png} (hit ratio against capacity, one panel per trace).
 *
 * <p><b>Thread safety:</b> a command-line program.
 */
@Command(name = "HitRateSimulator", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Replays access traces through lru, opt, the in-memory client and memcached.")
public final class HitRateSimulator implements Callable<Integer> {
  /** The header of {@code hit-rate.csv}. */
  public static final String CSV_HEADER = "trace,policy,capacity,requests,hits,hit_ratio";

  /** The cache policies. */
  public enum Policy {
    /** Exact LRU over entries. */
    LRU("lru"),
    /** Belady's optimum over entries. */
    OPT("opt"),
    /** The real {@link InMemoryMemcacheClient}, bounded in bytes. */
    IN_MEMORY("in-memory"),
    /** A real memcached through {@link XmemcachedClient}, bounded in bytes. */
    MEMCACHED("memcached");

    private final String label;

    Policy(String label) {
      this.label = label;
    }

    /** The name on the command line and in the CSV. */
    public String label() {
      return label;
    }

    /**
     * The policy called {@code label}.
     *
     * @param label {@code lru}, {@code opt}, {@code in-memory} or {@code memcached}
     * @return the policy
     * @throws IllegalArgumentException if there is none
     */
    public static Policy of(String label) {
      for (Policy p : values()) {
        if (p.label.equals(label.trim())) {
          return p;
        }
      }
      throw new IllegalArgumentException(
          "policy must be lru, opt, in-memory or memcached: " + label);
    }
  }

  /**
   * One measured point, a row of {@code hit-rate.csv}.
   *
   * @param trace the trace's name
   * @param policy the policy
   * @param capacity the capacity in entries
   * @param requests requests replayed
   * @param hits requests served from the cache
   */
  public record Point(String trace, Policy policy, int capacity, long requests, long hits) {
    /** Hits over requests, 0 for an empty trace. */
    public double hitRatio() {
      return requests == 0 ? 0 : (double) hits / requests;
    }
  }

  @Option(names = "--trace", split = ",", paramLabel = "FILE",
      description = "trace files (repeatable; .gz/.xz read directly); none: synthetic workloads")
  List<Path> traces = new ArrayList<>();

  @Option(names = "--format", defaultValue = "lines",
      converter = TraceGenerator.FormatConverter.class,
      description = "lines (one key a line), csv (key,size) or int32 (big-endian); default lines")
  Trace.Format format;

  @Option(names = "--capacity-entries", split = ",", defaultValue = "100,500,1000,5000",
      description = "cache capacities in entries (default 100,500,1000,5000)")
  List<Integer> capacities;

  @Option(names = "--policies", split = ",", defaultValue = "lru,opt,in-memory,memcached",
      converter = PolicyConverter.class, description = "lru, opt, in-memory, memcached")
  List<Policy> policies;

  @Option(names = "--out", defaultValue = "benchmarks/target/hit-rate",
      description = "directory for hit-rate.csv and hit-rate.png")
  Path out;

  @Option(names = "--value-bytes", defaultValue = "4096",
      description = "value size when the trace has none (default 4096)")
  int valueBytes;

  @Option(names = "--batch", defaultValue = "50",
      description = "requests per memcached round trip (default 50)")
  int batch;

  @Option(names = "--workloads", split = ",",
      defaultValue = "zipf,uniform,zipf+scan,shifting-hot-set",
      description = "synthetic workloads, without --trace")
  List<String> workloads;

  @Option(names = "--pages", defaultValue = "20000", description = "synthetic: distinct pages")
  int pages;

  @Option(names = "--requests", defaultValue = "200000", description = "synthetic: requests")
  int requests;

  @Option(names = "--skew", defaultValue = "0.9", description = "synthetic: Zipf skew")
  double skew;

  @Option(names = "--seed", defaultValue = "20240601", description = "synthetic: random seed")
  long seed;

  private PrintStream stdout = System.out;
  private PrintStream stderr = System.err;

  /**
   * Runs the tool and exits with its status.
   *
   * @param args the options, see the class comment
   */
  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /**
   * Runs the tool.
   *
   * @param out where the table goes
   * @param err where progress and errors go
   * @param args the options
   * @return the exit status: 0, or non-zero after a usage or input error
   */
  public static int run(PrintStream out, PrintStream err, String... args) {
    HitRateSimulator tool = new HitRateSimulator();
    tool.stdout = out;
    tool.stderr = err;
    return new CommandLine(tool).setOut(new java.io.PrintWriter(out, true))
        .setErr(new java.io.PrintWriter(err, true)).execute(args);
  }

  @Override
  public Integer call() throws IOException {
    check(!capacities.isEmpty() && capacities.stream().allMatch(c -> c >= 1),
        "capacities must be >= 1: " + capacities);
    check(valueBytes >= 0 && valueBytes <= 512 * 1024, "--value-bytes must be 0 to 512 KiB");
    check(batch >= 1 && batch <= 1000, "--batch must be 1 to 1000");
    List<Integer> sortedCapacities = capacities.stream().distinct().sorted().toList();
    Files.createDirectories(out);
    stdout.printf(Locale.ROOT, "%-28s %-10s %10s %13s %13s %9s  %s%n", "trace", "policy",
        "capacity", "requests", "hits", "hit ratio", "note");
    List<Point> points = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Trace trace : traces()) {
      names.add(trace.name());
      int[] next = null;
      if (policies.contains(Policy.OPT)) {
        long started = System.nanoTime();
        next = Belady.nextUses(trace.keys(), trace.distinct());
        stderr.printf(Locale.ROOT, "%s: opt's next-use index in %.2f s%n", trace.name(),
            (System.nanoTime() - started) / 1e9);
      }
      for (int capacity : sortedCapacities) {
        for (Policy policy : policies) {
          Point point = replay(trace, next, policy, capacity);
          points.add(point);
        }
      }
    }
    writeCsv(out.resolve("hit-rate.csv"), points);
    writeChart(out.resolve("hit-rate.png"), points, names);
    stdout.println("wrote " + out.resolve("hit-rate.csv") + " and " + out.resolve("hit-rate.png"));
    return 0;
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new CommandLine.ParameterException(new CommandLine(new HitRateSimulator()), message);
    }
  }

  private List<Trace> traces() throws IOException {
    List<Trace> result = new ArrayList<>();
    if (traces.isEmpty()) {
      for (String label : workloads) {
        Workload workload = Arrays.stream(Workload.values())
            .filter(w -> w.label().equals(label.trim())).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no workload " + label));
        result.add(Trace.ofKeys(workload.label(), workload.trace(pages, requests, skew, seed)));
      }
      return result;
    }
    for (Path file : traces) {
      long started = System.nanoTime();
      Trace trace = Trace.read(file, format);
      stderr.printf(Locale.ROOT, "read %s: %,d requests, %,d distinct keys%s in %.1f s%n",
          trace.name(), trace.requests(), trace.distinct(),
          trace.sizes() == null ? "" : String.format(Locale.ROOT, ", mean size %,.0f bytes",
              trace.meanSize(0)), (System.nanoTime() - started) / 1e9);
      result.add(trace);
    }
    return result;
  }

  private Point replay(Trace trace, int @org.jspecify.annotations.Nullable [] next, Policy policy,
      int capacity) {
    String label = String.format(Locale.ROOT, "%s %s, capacity %,d", trace.name(),
        policy.label(), capacity);
    long started = System.nanoTime();
    String note;
    long hits;
    switch (policy) {
      case LRU, OPT -> {
        Progress progress = Progress.console(stderr, label);
        hits = policy == Policy.LRU
            ? Lru.hits(trace.keys(), trace.distinct(), capacity, progress)
            : Belady.hits(trace.keys(), next, trace.distinct(), capacity, progress);
        progress.done();
        double seconds = (System.nanoTime() - started) / 1e9;
        note = String.format(Locale.ROOT, "%.1f M requests/s", trace.requests() / seconds / 1e6);
      }
      case IN_MEMORY -> {
        Sizing sizing = Sizing.of(trace, capacity, valueBytes, false);
        try (MemcacheClient client = InMemoryMemcacheClient.newBuilder()
            .maximumBytes(sizing.bytes())
            .maxValueBytes((int) Math.min(1 << 20, sizing.bytes())).build()) {
          hits = simulator(sizing, 1).replay(client, trace.keys()).hits();
          note = String.format(Locale.ROOT, "%,d bytes, %,d items at the end", sizing.bytes(),
              client.getStats().items());
        }
      }
      case MEMCACHED -> {
        Sizing sizing = Sizing.of(trace, capacity, valueBytes, true);
        int megabytes = (int) (sizing.bytes() >> 20);
        String[] extra = megabytes < 2 ? new String[] {"-I", "512k"} : new String[0];
        try (MemcachedProcess server = MemcachedProcess.start(megabytes, extra);
            MemcacheClient client = XmemcachedClient.newBuilder().servers(server.address())
                .operationTimeout(java.time.Duration.ofSeconds(5)).build()) {
          hits = simulator(sizing, batch).replay(client, trace.keys()).hits();
          note = String.format(Locale.ROOT, "-m %d, %,d items at the end", megabytes,
              client.getStats().items());
        }
      }
      default -> throw new AssertionError(policy);
    }
    Point point = new Point(trace.name(), policy, capacity, trace.requests(), hits);
    stdout.printf(Locale.ROOT, "%-28s %-10s %,10d %,13d %,13d %8.2f%%  %s%n", abbreviate(
        trace.name()), policy.label(), capacity, point.requests(), hits, 100 * point.hitRatio(),
        note);
    return point;
  }

  private CacheAsideSimulator simulator(Sizing sizing, int batchSize) {
    CacheAsideSimulator.Builder builder = CacheAsideSimulator.newBuilder().batch(batchSize)
        .keyPrefix(Sizing.KEY_PREFIX);
    return sizing.sizes() != null ? builder.valueSizes(sizing.sizes()).build()
        : builder.valueBytes(Math.max(1, sizing.valueBytes())).build();
  }

  /**
   * How much memory a byte-bounded cache of {@code capacity} entries gets, and the value sizes.
   *
   * @param bytes the cache's memory
   * @param valueBytes the size of every value, when the trace has no sizes
   * @param sizes the trace's sizes, or null
   */
  record Sizing(long bytes, int valueBytes, int @org.jspecify.annotations.Nullable [] sizes) {
    static final String KEY_PREFIX = "h:";
    static final int KEY_BYTES = KEY_PREFIX.length() + 10;

    static Sizing of(Trace trace, int capacity, int valueBytes, boolean wholeMegabytes) {
      double item = trace.meanSize(valueBytes) + KEY_BYTES
          + InMemoryMemcacheClient.ITEM_OVERHEAD_BYTES;
      long bytes = Math.max(1024, Math.round(capacity * item));
      if (!wholeMegabytes) {
        return new Sizing(bytes, valueBytes, trace.sizes());
      }
      long megabytes = Math.max(1, (bytes + (1 << 20) - 1) >> 20);
      if (trace.sizes() != null) {
        return new Sizing(megabytes << 20, valueBytes, trace.sizes());
      }
      // capacity items of this size fill the megabytes exactly (before slab rounding)
      int itemLimit = megabytes < 2 ? 512 << 10 : 1 << 20;
      long scaled = (megabytes << 20) / capacity - KEY_BYTES
          - InMemoryMemcacheClient.ITEM_OVERHEAD_BYTES;
      int value = (int) Math.max(1, Math.min(scaled,
          itemLimit - KEY_BYTES - InMemoryMemcacheClient.ITEM_OVERHEAD_BYTES));
      return new Sizing(megabytes << 20, value, null);
    }
  }

  private static String abbreviate(String name) {
    return name.length() <= 28 ? name : name.substring(0, 25) + "...";
  }

  static void writeCsv(Path file, List<Point> points) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, UTF_8)) {
      w.write(CSV_HEADER + "\n");
      for (Point p : points) {
        w.write(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%.6f%n", csvField(p.trace()),
            p.policy().label(), p.capacity(), p.requests(), p.hits(), p.hitRatio()));
      }
    }
  }

  private static String csvField(String text) {
    return text.contains(",") || text.contains("\"")
        ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
  }

  private void writeChart(Path file, List<Point> points, List<String> names) throws IOException {
    List<XYChart> charts = new ArrayList<>();
    for (String name : names) {
      XYChart chart = new XYChartBuilder().width(560).height(420).title(name)
          .xAxisTitle("capacity (entries)").yAxisTitle("hit ratio (%)").build();
      chart.getStyler().setXAxisLogarithmic(true);
      chart.getStyler().setYAxisMin(0.0);
      chart.getStyler().setYAxisMax(100.0);
      chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
      for (Policy policy : policies) {
        List<Point> series = points.stream()
            .filter(p -> p.trace().equals(name) && p.policy() == policy).toList();
        if (!series.isEmpty()) {
          chart.addSeries(legend(policy),
              series.stream().mapToDouble(Point::capacity).toArray(),
              series.stream().mapToDouble(p -> 100 * p.hitRatio()).toArray())
              .setMarker(SeriesMarkers.CIRCLE);
        }
      }
      charts.add(chart);
    }
    if (charts.isEmpty()) {
      return;
    }
    int columns = Math.min(2, charts.size());
    int rows = (charts.size() + columns - 1) / columns;
    BitmapEncoder.saveBitmap(charts, rows, columns, file.toString(),
        BitmapEncoder.BitmapFormat.PNG);
  }

  private static String legend(Policy policy) {
    return switch (policy) {
      case LRU -> "LRU (exact)";
      case OPT -> "OPT (Belady)";
      case IN_MEMORY -> "InMemoryMemcacheClient (W-TinyLFU)";
      case MEMCACHED -> "memcached 1.6 (segmented LRU)";
    };
  }

  /** Reads policy labels. */
  static final class PolicyConverter implements CommandLine.ITypeConverter<Policy> {
    @Override
    public Policy convert(String value) {
      return Policy.of(value);
    }
  }
}
