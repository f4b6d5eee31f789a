package org.wikicache.benchmarks;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes one real-looking access trace of a wiki, for the hit-rate tool's tests and report, in any
 * of the {@link Trace.Format formats} the tool reads ({@code .gz}/{@code .xz} by the file name).
 * Real traces are not shipped (they are large and personal); this one mixes what they show:
 *
 * <ul>
 *   <li><b>70% long-term popularity</b>: Zipf (skew 0.85) over the articles, whose ranking drifts
 *       (every seventh of the trace, a "day", 5% of the ranking is reshuffled);
 *   <li><b>10% news</b>: every 1% of the trace a cold article becomes hot, and its share decays
 *       exponentially (half-life 2% of the trace);
 *   <li><b>10% revisits</b>: a reader goes back to one of the last 64 pages requested;
 *   <li><b>5% crawler</b>: a bot reads the articles in order, 20 at a time (a scan);
 *   <li><b>5% one-hit wonders</b>: search result pages, each requested exactly once.
 * </ul>
 * Articles have log-normal sizes (median ~6 KiB, a few near the 1 MiB limit); search pages ~2 KiB.
 * Keys look like paths: {@code /wiki/Stable_cache_417}, {@code /wiki/Special:Search?q=...}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.wikicache.benchmarks.TraceGenerator \
 *     --requests=1000000 --pages=50000 --format=lines --out=wiki-trace.txt.gz
 * </pre>
 *
 * <p><b>Thread safety:</b> a command-line program; {@link #write} is stateless.
 */
@Command(name = "TraceGenerator", mixinStandardHelpOptions = true,
    description = "Writes a real-looking wiki access trace (lines, csv or int32; .gz/.xz).")
public final class TraceGenerator implements Callable<Integer> {
  private static final String[] WORDS = {"Cache", "Page", "History", "Revision", "Stable",
      "Memory", "Server", "Policy", "Recent", "Changes", "Index", "Talk", "User", "Help", "Main",
      "River", "Mountain", "City", "Music", "Science", "War", "Film", "Island", "Language"};

  @Option(names = "--requests", defaultValue = "1000000", description = "requests (default 1M)")
  int requests;

  @Option(names = "--pages", defaultValue = "50000", description = "articles (default 50,000)")
  int pages;

  @Option(names = "--seed", defaultValue = "20261129", description = "random seed")
  long seed;

  @Option(names = "--format", defaultValue = "lines", converter = FormatConverter.class,
      description = "lines, csv (key,size) or int32")
  Trace.Format format;

  @Option(names = "--out", required = true, description = "the file (.gz or .xz to compress)")
  Path out;

  /**
   * Writes the trace.
   *
   * @param args {@code --name=value} options, see the class comment
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new TraceGenerator()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    write(out, format, requests, pages, seed);
    System.out.printf(Locale.ROOT, "wrote %,d requests over %,d articles to %s%n", requests,
        pages, out);
    return 0;
  }

  /**
   * Writes the trace to {@code file}.
   *
   * @param file where; {@code .gz} or {@code .xz} compresses
   * @param format the format
   * @param requests how many requests, {@code >= 0}
   * @param pages how many articles, {@code >= 100}
   * @param seed the random seed: equal arguments write equal files
   * @throws IOException if the file cannot be written
   */
  public static void write(Path file, Trace.Format format, int requests, int pages, long seed)
      throws IOException {
    checkArgument(requests >= 0, "requests must be >= 0, was %s", requests);
    checkArgument(pages >= 100 && pages <= 10_000_000, "pages must be 100 to 10M, was %s",
        pages);
    try (OutputStream raw = create(file)) {
      Sink sink = sink(format, raw);
      Model model = new Model(pages, requests, seed);
      for (int i = 0; i < requests; i++) {
        model.next(i, sink);
      }
      sink.finish();
    }
  }

  private static OutputStream create(Path file) throws IOException {
    OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      return new GZIPOutputStream(raw, 1 << 16);
    }
    if (name.endsWith(".xz")) {
      return new XZOutputStream(raw, new LZMA2Options());
    }
    return raw;
  }

  /** Receives requests: a numeric id (articles first, then search pages), a key, a size. */
  private interface Sink {
    void request(int id, String key, int size) throws IOException;

    void finish() throws IOException;
  }

  private static Sink sink(Trace.Format format, OutputStream out) {
    if (format == Trace.Format.INT32) {
      DataOutputStream data = new DataOutputStream(out);
      return new Sink() {
        @Override
        public void request(int id, String key, int size) throws IOException {
          data.writeInt(id);
        }

        @Override
        public void finish() throws IOException {
          data.flush();
        }
      };
    }
    Writer writer = new java.io.OutputStreamWriter(out, UTF_8);
    boolean csv = format == Trace.Format.CSV;
    return new Sink() {
      private boolean header = csv;

      @Override
      public void request(int id, String key, int size) throws IOException {
        if (header) {
          writer.write("key,size\n");
          header = false;
        }
        writer.write(key);
        if (csv) {
          writer.write(',');
          writer.write(Integer.toString(size));
        }
        writer.write('\n');
      }

      @Override
      public void finish() throws IOException {
        writer.flush();
      }
    };
  }

  /** The traffic model of the class comment. */
  private static final class Model {
    private static final int RECENT = 64;
    private static final int BURSTS = 16;

    private final int pages;
    private final int requests;
    private final SplittableRandom random;
    private final ZipfKeys zipf;
    private final int[] ranking;
    private final int[] sizes;
    private final int[] recent = new int[RECENT];
    private final int[] burstPage = new int[BURSTS];
    private final int[] burstStart = new int[BURSTS];
    private final double halfLife;
    private int recentCount;
    private int crawler;
    private int crawlLeft;
    private int searches;

    Model(int pages, int requests, long seed) {
      this.pages = pages;
      this.requests = requests;
      this.random = new SplittableRandom(seed);
      this.zipf = ZipfKeys.of(pages, 0.85);
      this.ranking = new int[pages];
      this.sizes = new int[pages];
      for (int i = 0; i < pages; i++) {
        ranking[i] = i;
        double logNormal = Math.exp(Math.log(6000) + random.nextGaussian());
        sizes[i] = (int) Math.min(1_000_000, Math.max(200, logNormal));
      }
      shuffle(pages); // popularity is not the article's number
      java.util.Arrays.fill(burstPage, -1);
      this.halfLife = Math.max(1, requests * 0.02);
    }

    void next(int i, Sink sink) throws IOException {
      int day = Math.max(1, requests / 7);
      if (i > 0 && i % day == 0) {
        shuffle(pages / 20);
      }
      int burstEvery = Math.max(1, requests / 100);
      if (i % burstEvery == 0) {
        int slot = (i / burstEvery) % BURSTS;
        burstPage[slot] = ranking[pages / 2 + random.nextInt(pages / 2)]; // a cold article
        burstStart[slot] = i;
      }
      double u = random.nextDouble();
      int page;
      if (crawlLeft == 0 && u < 0.05) {
        int id = pages + searches++;
        sink.request(id, "/wiki/Special:Search?q=" + word(id) + "+" + word(id / 7) + "&n=" + id,
            1500 + random.nextInt(1000));
        return;
      } else if (crawlLeft > 0 || u < 0.0525) { // a crawl of 20 starts on 0.25% of requests
        crawlLeft = crawlLeft == 0 ? 19 : crawlLeft - 1;
        page = crawler;
        crawler = (crawler + 1) % pages;
      } else if (u < 0.15 && recentCount > 0) {
        page = recent[random.nextInt(Math.min(recentCount, RECENT))];
      } else if (u < 0.25) {
        page = burst(i);
      } else {
        page = ranking[zipf.next(random)];
      }
      recent[recentCount++ % RECENT] = page;
      sink.request(page, "/wiki/" + title(page), sizes[page]);
    }

    /** A news article, chosen by its exponentially decaying share. */
    private int burst(int i) {
      double total = 0;
      double[] weights = new double[BURSTS];
      for (int b = 0; b < BURSTS; b++) {
        if (burstPage[b] >= 0) {
          weights[b] = Math.pow(0.5, (i - burstStart[b]) / halfLife);
          total += weights[b];
        }
      }
      double pick = random.nextDouble() * total;
      for (int b = 0; b < BURSTS; b++) {
        pick -= weights[b];
        if (pick <= 0 && burstPage[b] >= 0) {
          return burstPage[b];
        }
      }
      return ranking[zipf.next(random)];
    }

    private void shuffle(int swaps) {
      for (int s = 0; s < swaps; s++) {
        int a = random.nextInt(pages);
        int b = random.nextInt(pages);
        int t = ranking[a];
        ranking[a] = ranking[b];
        ranking[b] = t;
      }
    }

    private static String title(int page) {
      return word(page) + "_" + word(page / WORDS.length).toLowerCase(Locale.ROOT) + "_" + page;
    }

    private static String word(int n) {
      return WORDS[Math.floorMod(n * 31 + 7, WORDS.length)];
    }
  }

  /** Reads {@code lines}, {@code csv}, {@code int32}. */
  static final class FormatConverter implements CommandLine.ITypeConverter<Trace.Format> {
    @Override
    public Trace.Format convert(String value) {
      return Trace.Format.of(value);
    }
  }
}
