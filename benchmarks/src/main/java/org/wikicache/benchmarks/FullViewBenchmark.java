package org.wikicache.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.wikicache.cache.CachingStores;
import org.wikicache.core.UserProfiles;
import org.wikicache.core.WikiStore;
import org.wikicache.cache.PageViews;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.User;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.xmemcached.XmemcachedClient;

/**
 * A full page view, what the wiki server needs to show a page: the page, its author's profile,
 * the recent-changes list ({@value BenchData#RECENT_LIMIT} entries) and the page rendered from
 * Markdown to HTML. Uncached, that is three queries and a commonmark render; cached, it is
 * {@link PageViews#view}: one {@code getMulti} when everything is cached.
 *
 * <p>{@code viewPaired} gives the speed-up of a cached view over the uncached one on PostgreSQL
 * ({@link Comparison}): both viewers are opened in the same trial and show the same page one
 * after the other, in alternating order, each timed ({@link PairedNanos}), so that each
 * iteration gives one ratio under the same conditions.
 *
 * <p>Run alone: {@code java -jar benchmarks/target/benchmarks.jar FullViewBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class FullViewBenchmark {

  /** The ways to build a page view. */
  public enum Backend {
    /** Three queries on PostgreSQL and a render, per view. */
    UNCACHED_POSTGRES,
    /** Three queries on embedded H2 and a render, per view. */
    UNCACHED_H2,
    /** {@code PageViews} (over PostgreSQL) on {@code XmemcachedClient}: one getMulti. */
    CACHED_MEMCACHED,
    /** {@code PageViews} (over PostgreSQL) on {@code InMemoryMemcacheClient}. */
    CACHED_IN_MEMORY,
    /**
     * As {@link #CACHED_IN_MEMORY}, with the near cache on: a repeated view is assembled from
     * decoded values in process, with no memcache call and no decoding.
     */
    CACHED_NEAR
  }

  /** Builds one page view. */
  @FunctionalInterface
  public interface Viewer {
    /** The view of an existing page. */
    PageViews.PageView view(PageName name);
  }

  /** The viewer, shared by the threads. */
  @State(Scope.Benchmark)
  public static class Views {
    /** Which way. */
    @Param
    public Backend backend;
    /** {@code auto} (start a memcached) or {@code host:port}. */
    @Param({"auto"})
    public String memcached;

    Resources resources;
    Viewer viewer;
    final AtomicLong seeds = new AtomicLong(1);

    /** Opens the backend and warms the cache. */
    @Setup(Level.Trial)
    public void open() {
      resources = new Resources(memcached);
      viewer = FullViewBenchmark.open(backend, resources);
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void close() {
      resources.close();
    }
  }

  /** Opens a viewer; a cached one is warmed with a view of every page. */
  static Viewer open(Backend backend, Resources r) {
    return switch (backend) {
      case UNCACHED_POSTGRES -> uncached(r.postgres());
      case UNCACHED_H2 -> uncached(r.h2());
      case CACHED_MEMCACHED -> cached(r, r.register(XmemcachedClient.connect(r.memcached())));
      case CACHED_IN_MEMORY -> cached(r, r.register(
          InMemoryMemcacheClient.newBuilder().maximumBytes(256L << 20).build()));
      case CACHED_NEAR -> cachedOver(r.postgres(), r.register(CachingStores.newBuilder(
              r.register(InMemoryMemcacheClient.newBuilder().maximumBytes(256L << 20).build()))
          .nearCache(Duration.ofHours(1), 100_000).build()));
    };
  }

  /** The uncached view: what a server without a cache does. */
  static Viewer uncached(JdbcWiki wiki) {
    Function<String, String> renderer = BenchData.renderer();
    return name -> {
      Page page = wiki.store().get(name).orElseThrow();
      Optional<User> author = wiki.users().findByName(page.author());
      List<RevisionInfo> recent = wiki.store().recentChanges(BenchData.RECENT_LIMIT);
      String html = renderer.apply(page.content());
      boolean protectedPage = wiki.store().isProtected(name);
      return new PageViews.PageView(page, author, recent, html, protectedPage);
    };
  }

  /** The cached view through {@link PageViews}, warmed. */
  static Viewer cached(Resources r, MemcacheClient client) {
    return cachedOver(r.postgres(), r.register(CachingStores.over(client)));
  }

  /** {@link PageViews} over {@code wiki} and {@code layer}, warmed with two views a page. */
  static Viewer cachedOver(JdbcWiki wiki, CachingStores layer) {
    WikiStore store = layer.store(wiki.store());
    UserProfiles users = layer.users(wiki.users());
    PageViews views = layer.pageViews(store, users, BenchData.renderer(), BenchData.RECENT_LIMIT);
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < BenchData.PAGES; i++) {
        views.view(BenchData.name(i)).orElseThrow();
      }
    }
    return name -> views.view(name).orElseThrow();
  }

  /** A cached way to build a view, against the uncached view on PostgreSQL. */
  public enum Comparison {
    /** {@link Backend#CACHED_MEMCACHED}; target 4x. */
    MEMCACHED(Backend.CACHED_MEMCACHED),
    /** {@link Backend#CACHED_IN_MEMORY}, without the near cache. */
    IN_MEMORY(Backend.CACHED_IN_MEMORY),
    /** {@link Backend#CACHED_NEAR}; target 100x. */
    NEAR_CACHE(Backend.CACHED_NEAR);

    final Backend cached;

    Comparison(Backend cached) {
      this.cached = cached;
    }
  }

  /** A cached viewer and the uncached one over the same resources, and one thread's keys. */
  @State(Scope.Benchmark)
  public static class Pair {
    /** Which cached viewer. */
    @Param
    public Comparison comparison;
    /** {@code auto} (start a memcached) or {@code host:port}. */
    @Param({"auto"})
    public String memcached;

    Resources resources;
    Viewer cached;
    Viewer uncached;
    BenchData.Keys keys;

    /** Opens both viewers, warming the cached one and compiling its path. */
    @Setup(Level.Trial)
    public void open() {
      resources = new Resources(memcached);
      cached = FullViewBenchmark.open(comparison.cached, resources);
      uncached = FullViewBenchmark.open(Backend.UNCACHED_POSTGRES, resources);
      keys = new BenchData.Keys(1);
      BenchData.Keys warmKeys = new BenchData.Keys(2);
      PairedNanos.warm(() -> cached.view(BenchData.name(warmKeys.next())), 20_000);
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void close() {
      resources.close();
    }
  }

  /** Each thread's Zipf keys. */
  @State(Scope.Thread)
  public static class Keys {
    BenchData.Keys keys;

    /** Draws the keys, a different seed per thread. */
    @Setup(Level.Trial)
    public void draw(Views views) {
      keys = new BenchData.Keys(views.seeds.getAndIncrement());
    }
  }

  /** One page view on one thread. */
  @Benchmark
  @Threads(1)
  public PageViews.PageView view1(Views views, Keys keys) {
    return views.viewer.view(BenchData.name(keys.keys.next()));
  }

  /** One page view, four threads at once. */
  @Benchmark
  @Threads(4)
  public PageViews.PageView view4(Views views, Keys keys) {
    return views.viewer.view(BenchData.name(keys.keys.next()));
  }

  /** The same page viewed cached and uncached, each timed. */
  @Benchmark
  @Threads(1)
  public void viewPaired(Pair p, PairedNanos nanos, Blackhole hole) {
    PageName name = BenchData.name(p.keys.next());
    nanos.add(() -> time(p.cached, name, hole), () -> time(p.uncached, name, hole), 1);
  }

  private static long time(Viewer viewer, PageName name, Blackhole hole) {
    long start = System.nanoTime();
    PageViews.PageView view = viewer.view(name);
    long took = System.nanoTime() - start;
    hole.consume(view);
    return took;
  }
}
