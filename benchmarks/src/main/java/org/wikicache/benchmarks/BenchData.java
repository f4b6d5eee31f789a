package org.wikicache.benchmarks;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.wikicache.core.Edit;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.UserProfiles;
import org.wikicache.core.WikiStore;

/**
 * The data every benchmark runs on: {@value #PAGES} pages of exactly {@value #PAGE_BYTES} bytes
 * of Markdown (headings, paragraphs, a list, links, emphasis, code), written by
 * {@value #AUTHORS} authors, deterministic so that every backend serves the same bytes.
 *
 * <p><b>Thread safety:</b> stateless; {@link #renderer()} returns a thread-safe function.
 *
 * <pre>{@code
 * BenchData.seed(wiki.store(), wiki.users());
 * String html = BenchData.renderer().apply(BenchData.content(7));
 * }</pre>
 */
public final class BenchData {
  /** How many pages a benchmark reads. */
  public static final int PAGES = 1000;
  /** How many authors (user profiles) wrote them. */
  public static final int AUTHORS = 10;
  /** The UTF-8 size of each page's content. */
  public static final int PAGE_BYTES = 4096;
  /** The length of the recent-changes list of a full page view. */
  public static final int RECENT_LIMIT = 20;
  /** The Zipf exponent of the keys the benchmarks choose. */
  public static final double SKEW = 0.9;

  private static final String[] WORDS = ("cache page revision memcached store query index wiki"
      + " edit author history render markdown latency throughput server client hit miss evict"
      + " lease version key value bytes network loopback database table row commit").split(" ");

  private BenchData() {}

  /** The name of page {@code i}, {@code Bench/Page-0007}. */
  public static PageName name(int i) {
    checkArgument(i >= 0 && i < PAGES, "page out of range: %s", i);
    return PageName.of(String.format("Bench/Page-%04d", i));
  }

  /** The author of page {@code i}. */
  public static String author(int i) {
    return "bench-author-" + (i % AUTHORS);
  }

  /** The content of page {@code i}: {@value #PAGE_BYTES} ASCII bytes of Markdown. */
  public static String content(int i) {
    SplittableRandom random = new SplittableRandom(1_000_003L * i + 17);
    StringBuilder md = new StringBuilder(PAGE_BYTES + 256);
    md.append("# Page ").append(i).append("\n\n");
    int section = 0;
    while (md.length() < PAGE_BYTES) {
      section++;
      md.append("## Section ").append(section).append("\n\n");
      for (int p = 0; p < 2; p++) {
        for (int w = 0; w < 40; w++) {
          String word = WORDS[random.nextInt(WORDS.length)];
          switch (random.nextInt(12)) {
            case 0 -> md.append('*').append(word).append('*');
            case 1 -> md.append("**").append(word).append("**");
            case 2 -> md.append('`').append(word).append('`');
            case 3 -> md.append('[').append(word).append("](/wiki/Bench/Page-")
                .append(String.format("%04d", random.nextInt(PAGES))).append(')');
            default -> md.append(word);
          }
          md.append(w == 39 ? ".\n\n" : " ");
        }
      }
      md.append("- ").append(WORDS[random.nextInt(WORDS.length)]).append('\n')
          .append("- ").append(WORDS[random.nextInt(WORDS.length)]).append("\n\n");
    }
    String s = md.substring(0, PAGE_BYTES - 1) + "\n";
    if (s.getBytes(UTF_8).length != PAGE_BYTES) {
      throw new AssertionError("content is not " + PAGE_BYTES + " bytes");
    }
    return s;
  }

  /**
   * Writes the pages and authors that are missing or different (idempotent: a seeded database
   * is left as it is, so a persistent PostgreSQL database is seeded once for a whole run).
   *
   * @param store the store
   * @param users the user profiles
   */
  public static void seed(WikiStore store, UserProfiles users) {
    for (int a = 0; a < AUTHORS; a++) {
      String name = "bench-author-" + a;
      if (users.findByName(name).isEmpty()) {
        users.signUp(name, "bench-password-" + a, name + "@example.org");
      }
    }
    for (int i = 0; i < PAGES; i++) {
      String content = content(i);
      Optional<Page> current = store.get(name(i));
      if (current.isPresent() && current.get().content().equals(content)) {
        continue;
      }
      long base = current.map(Page::revision).orElse(0L);
      store.save(new Edit(name(i), base, content, author(i), "benchmark seed"));
    }
  }

  /** Markdown to HTML with commonmark, as the example server renders. Thread-safe. */
  public static Function<String, String> renderer() {
    Parser parser = Parser.builder().build();
    HtmlRenderer renderer = HtmlRenderer.builder().escapeHtml(true).build();
    return markdown -> renderer.render(parser.parse(markdown));
  }

  /** Precomputed Zipf page numbers for one thread, cycled by {@link #next}. */
  public static final class Keys {
    private final int[] ranks;
    private int i;

    /** Draws 65,536 keys with this seed. */
    public Keys(long seed) {
      ranks = ZipfKeys.of(PAGES, SKEW).sample(1 << 16, seed);
    }

    /** The next page number. Not thread-safe: one instance per thread. */
    public int next() {
      int k = ranks[i];
      i = (i + 1) & ((1 << 16) - 1);
      return k;
    }
  }
}
