package org.wikicache.benchmarks;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.wikicache.cache.CachingStores;
import org.wikicache.cache.KindStats;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.xmemcached.XmemcachedClient;

/**
 * Counts the store queries per full page view at steady state: reads
 * {@link JdbcWiki#queryCount()} before and after {@value #VIEWS} Zipf-distributed views through
 * {@code PageViews} (warmed), on memcached and on the in-memory client, and, for comparison,
 * without a cache. The target is zero queries per cached view.
 *
 * <p><b>Thread safety:</b> a command-line helper, single-threaded.
 */
public final class SteadyState {
  /** Views counted per configuration. */
  public static final int VIEWS = 10_000;

  /**
   * Queries per view in one configuration.
   *
   * @param name the configuration
   * @param views views counted
   * @param queries store queries counted over them
   * @param cacheHits cache hits the layer counted over them (0 uncached)
   * @param cacheMisses cache misses the layer counted over them
   */
  public record Count(String name, long views, long queries, long cacheHits, long cacheMisses) {
    /** Store queries per view. */
    public double perView() {
      return (double) queries / views;
    }
  }

  private SteadyState() {}

  /**
   * Measures the three configurations.
   *
   * @param memcached {@code auto} or {@code host:port}
   * @return uncached PostgreSQL, cached on memcached, cached in memory
   */
  public static Count[] measure(String memcached) {
    try (Resources r = new Resources(memcached)) {
      JdbcWiki pg = r.postgres();
      Count uncached = count("uncached (PostgreSQL)", pg, null,
          FullViewBenchmark.uncached(pg), 1000);
      MemcacheClient mc = r.register(XmemcachedClient.connect(r.memcached()));
      mc.flushAll();
      CachingStores onMemcached = r.register(CachingStores.over(mc));
      Count memcachedCount = count("PageViews on memcached", pg, onMemcached,
          FullViewBenchmark.cachedOver(pg, onMemcached), VIEWS);
      CachingStores inMemory = r.register(CachingStores.over(r.register(
          InMemoryMemcacheClient.newBuilder().maximumBytes(256L << 20).build())));
      Count inMemoryCount = count("PageViews in memory", pg, inMemory,
          FullViewBenchmark.cachedOver(pg, inMemory), VIEWS);
      return new Count[] {uncached, memcachedCount, inMemoryCount};
    }
  }

  private static Count count(String name, JdbcWiki wiki, @Nullable CachingStores layer,
      FullViewBenchmark.Viewer viewer, int views) {
    BenchData.Keys keys = new BenchData.Keys(99);
    KindStats before = layer == null ? KindStats.ZERO : layer.stats().total();
    long queries = wiki.queryCount();
    for (int i = 0; i < views; i++) {
      viewer.view(BenchData.name(keys.next()));
    }
    queries = wiki.queryCount() - queries;
    KindStats delta = layer == null ? KindStats.ZERO : layer.stats().total().minus(before);
    return new Count(name, views, queries, delta.hits(), delta.misses());
  }

  /**
   * Prints the counts.
   *
   * @param args {@code [memcached]}: {@code auto} (default) or {@code host:port}
   */
  public static void main(String[] args) {
    for (Count c : measure(args.length > 0 ? args[0] : "auto")) {
      System.out.printf(Locale.ROOT, "%-24s %,7d views  %,7d store queries  %.3f per view"
          + "  (cache hits %,d, misses %,d)%n", c.name(), c.views(), c.queries(), c.perView(),
          c.cacheHits(), c.cacheMisses());
    }
  }
}
