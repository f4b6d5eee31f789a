package org.wikicache.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.memcache.InMemoryMemcacheClient;

/**
 * Replays page-view workloads ({@link Workload}) over N pages of ~4 KiB at several cache sizes,
 * as cache-aside, against {@link InMemoryMemcacheClient} (Caffeine's W-TinyLFU, bounded by
 * {@code maximumBytes}) and against a real memcached started with the matching {@code -m}
 * (segmented LRU), next to Belady's optimum ({@link Belady}) on the same trace. Prints the hit
 * ratio and store queries per 1,000 views side by side and writes {@code hit-rate.csv} and
 * {@code hit-rate.png} (hit ratio against cache size, one panel per workload).
 *
 * <p>Usage (every option has a default):
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.wikicache.benchmarks.HitRateSimulator \
 *     --pages=20000 --requests=200000 --skew=0.9 --sizes-mb=1,2,4,8,16,32 \
 *     --batch=50 --out=benchmarks/target/hit-rate [--memcached=none]
 * </pre>
 * {@code --memcached=none} skips the real server (then only the in-memory client and OPT run).
 * Against memcached, requests are replayed in batches of {@code --batch} (one getMulti, then the
 * misses' sets pipelined with {@code noreply} on the same connection, through raw Xmemcached:
 * see {@link CacheAsideSimulator}); the in-memory client replays one by one. What is measured is
 * memcached's eviction, not a client.
 * For {@code -m 1}, memcached needs {@code -I 512k} (its largest item must be at most half its
 * memory); the simulator passes it.
 *
 * <p><b>Thread safety:</b> a command-line program.
 */
public final class HitRateSimulator {
  /** The size of a page's value, as a 4 KiB page encoded. */
  public static final int VALUE_BYTES = 4096;

  /**
   * One measured point.
   *
   * @param workload the workload
   * @param sizeMb the cache size in MiB
   * @param cache "in-memory", "memcached" or "opt"
   * @param result hits and requests
   */
  public record Point(Workload workload, int sizeMb, String cache,
      CacheAsideSimulator.Result result) {}

  private HitRateSimulator() {}

  /**
   * Runs the simulation.
   *
   * @param args {@code --name=value} options, see the class comment
   * @throws IOException if the output cannot be written
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> options = parse(args);
    int pages = Integer.parseInt(options.getOrDefault("pages", "20000"));
    int requests = Integer.parseInt(options.getOrDefault("requests", "200000"));
    double skew = Double.parseDouble(options.getOrDefault("skew", "0.9"));
    int batch = Integer.parseInt(options.getOrDefault("batch", "50"));
    long seed = Long.parseLong(options.getOrDefault("seed", "20240601"));
    int[] sizes = Arrays.stream(options.getOrDefault("sizes-mb", "1,2,4,8,16,32").split(","))
        .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    Path out = Path.of(options.getOrDefault("out", "benchmarks/target/hit-rate"));
    boolean withMemcached = !"none".equals(options.get("memcached"));
    Files.createDirectories(out);

    PrintStream o = System.out;
    o.printf(Locale.ROOT, "Hit-rate simulation: %,d pages of %,d bytes, %,d requests a trace,"
        + " Zipf skew %.2f, cache-aside (get; miss -> load + set)%n", pages, VALUE_BYTES,
        requests, skew);
    o.printf(Locale.ROOT, "OPT capacity = cache bytes / %d (value + key + %d bytes of item"
        + " overhead)%n%n", itemBytes(), InMemoryMemcacheClient.ITEM_OVERHEAD_BYTES);
    o.printf(Locale.ROOT, "%-17s %5s | %9s %9s %9s | %13s %13s %13s%n", "workload", "MiB",
        "in-memory", "memcached", "OPT", "q/1k in-mem", "q/1k memcd", "q/1k OPT");

    List<Point> points = new ArrayList<>();
    long started = System.nanoTime();
    for (Workload workload : Workload.values()) {
      int[] trace = workload.trace(pages, requests, skew, seed);
      for (int mb : sizes) {
        long bytes = (long) mb << 20;
        CacheAsideSimulator.Result inMemory = replayInMemory(trace, bytes);
        CacheAsideSimulator.Result memcached =
            withMemcached ? replayMemcached(trace, mb, batch) : null;
        int capacity = (int) (bytes / itemBytes());
        CacheAsideSimulator.Result opt =
            new CacheAsideSimulator.Result(trace.length, Belady.hits(trace, capacity));
        points.add(new Point(workload, mb, "in-memory", inMemory));
        if (memcached != null) {
          points.add(new Point(workload, mb, "memcached", memcached));
        }
        points.add(new Point(workload, mb, "opt", opt));
        o.printf(Locale.ROOT, "%-17s %5d | %9s %9s %9s | %13.1f %13s %13.1f%n",
            workload.label(), mb, pct(inMemory), memcached == null ? "-" : pct(memcached),
            pct(opt), inMemory.queriesPerThousand(),
            memcached == null ? "-" : String.format(Locale.ROOT, "%.1f",
                memcached.queriesPerThousand()), opt.queriesPerThousand());
      }
    }
    o.printf(Locale.ROOT, "%nsimulated in %.1f s%n", (System.nanoTime() - started) / 1e9);
    writeCsv(out.resolve("hit-rate.csv"), points);
    writeChart(out.resolve("hit-rate.png"), points, sizes, pages, skew);
    o.println("wrote " + out.resolve("hit-rate.csv") + " and " + out.resolve("hit-rate.png"));
  }

  /** The bytes one page takes in the in-memory client: value, key and item overhead. */
  static int itemBytes() {
    return VALUE_BYTES + "sim:page:12345".length() + InMemoryMemcacheClient.ITEM_OVERHEAD_BYTES;
  }

  static CacheAsideSimulator.Result replayInMemory(int[] trace, long bytes) {
    try (MemcacheClient client = InMemoryMemcacheClient.newBuilder().maximumBytes(bytes)
        .maxValueBytes((int) Math.min(1 << 20, bytes / 2)).build()) {
      return CacheAsideSimulator.newBuilder().valueBytes(VALUE_BYTES).batch(1).build()
          .replay(client, trace);
    }
  }

  private static CacheAsideSimulator.Result replayMemcached(int[] trace, int mb, int batch) {
    String[] extra = mb < 2 ? new String[] {"-I", "512k"} : new String[0];
    try (org.wikicache.testing.MemcachedProcess server = org.wikicache.testing.MemcachedProcess.start(mb, extra);
        RawMemcached client = RawMemcached.connect(server.address())) {
      CacheAsideSimulator.Target target = new CacheAsideSimulator.Target() {
        @Override
        public java.util.Set<String> present(java.util.Collection<String> keys) {
          return client.getMulti(keys).keySet();
        }

        @Override
        public void fill(Map<String, byte[]> values) {
          values.forEach(client::setNoReply);
        }
      };
      return CacheAsideSimulator.newBuilder().valueBytes(VALUE_BYTES).batch(batch).build()
          .replay(target, trace);
    }
  }

  private static String pct(CacheAsideSimulator.Result r) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * r.hitRatio());
  }

  private static void writeCsv(Path file, List<Point> points) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, UTF_8)) {
      w.write("workload,size_mb,cache,requests,hits,hit_ratio,store_queries_per_1000_views\n");
      for (Point p : points) {
        w.write(String.format(Locale.ROOT, "%s,%d,%s,%d,%d,%.5f,%.2f%n", p.workload().label(),
            p.sizeMb(), p.cache(), p.result().requests(), p.result().hits(),
            p.result().hitRatio(), p.result().queriesPerThousand()));
      }
    }
  }

  private static void writeChart(Path file, List<Point> points, int[] sizes, int pages,
      double skew) throws IOException {
    List<XYChart> charts = new ArrayList<>();
    for (Workload workload : Workload.values()) {
      XYChart chart = new XYChartBuilder().width(560).height(420)
          .title(String.format(Locale.ROOT, "%s (%,d pages, skew %.1f)", workload.label(), pages,
              skew))
          .xAxisTitle("cache size (MiB)").yAxisTitle("hit ratio (%)").build();
      chart.getStyler().setXAxisLogarithmic(true);
      chart.getStyler().setYAxisMin(0.0);
      chart.getStyler().setYAxisMax(100.0);
      chart.getStyler().setLegendPosition(
          org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
      for (String cache : List.of("opt", "in-memory", "memcached")) {
        double[] x = new double[sizes.length];
        double[] y = new double[sizes.length];
        int n = 0;
        for (int mb : sizes) {
          @Nullable Point p = find(points, workload, mb, cache);
          if (p != null) {
            x[n] = mb;
            y[n] = 100 * p.result().hitRatio();
            n++;
          }
        }
        if (n > 0) {
          chart.addSeries(label(cache), Arrays.copyOf(x, n), Arrays.copyOf(y, n))
              .setMarker(SeriesMarkers.CIRCLE);
        }
      }
      charts.add(chart);
    }
    BitmapEncoder.saveBitmap(charts, 2, 2, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static String label(String cache) {
    return switch (cache) {
      case "opt" -> "OPT (Belady)";
      case "in-memory" -> "InMemoryMemcacheClient (W-TinyLFU)";
      default -> "memcached 1.6 (LRU)";
    };
  }

  private static @Nullable Point find(List<Point> points, Workload w, int mb, String cache) {
    for (Point p : points) {
      if (p.workload() == w && p.sizeMb() == mb && p.cache().equals(cache)) {
        return p;
      }
    }
    return null;
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      int eq = arg.indexOf('=');
      options.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    return options;
  }
}
