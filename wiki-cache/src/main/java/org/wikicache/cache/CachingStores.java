package org.wikicache.cache;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.PageName;
import org.wikicache.core.RevisionHistory;
import org.wikicache.core.UserProfiles;
import org.wikicache.core.WikiStore;
import org.wikicache.memcache.MemcacheClient;

/**
 * The caching layer: decorators that put a {@link MemcacheClient} in front of a wiki's stores,
 * sharing one set of rules, statistics and fault handling.
 *
 * <pre>{@code
 * CachingStores caching = CachingStores.over(cache);          // or newBuilder(cache)...build()
 * WikiStore store = caching.store(db.store());
 * RevisionHistory history = caching.history(db.store());
 * UserProfiles users = caching.users(db.users());
 * caching.stats().kind(EntityKind.PAGE).hitRatio();
 * }</pre>
 *
 * <p>The rules (see each decorator for details): reads are cache-aside; misses fill through a
 * lease and {@code cas} so a stale value can never overwrite an invalidation; writes commit to the
 * store first and invalidate before they return; revisions are cached forever; landing queries
 * are cached under a generation counter that each edit bumps; keys are namespaced, versioned and
 * hashed when a name would make them illegal ({@link CacheKeys}); values go through explicit
 * codecs ({@link Codecs}), and bytes that do not decode are a miss.
 *
 * <p>Faults: a cache call that fails is counted, logged at most once per interval, and served
 * from the store. A circuit breaker then stops calling the cache and probes it in the background;
 * invalidations that could not be delivered are delivered when it is back, before reads use it
 * again, so no page older than the latest edit is served after an outage. Across processes, a
 * process that did not write learns of another's undelivered invalidation only when that process
 * delivers it (within one probe interval of the cache coming back).
 *
 * <p>Thread-safe. Closing it stops the breaker's probe thread; it does not close the client.
 */
public final class CachingStores implements AutoCloseable {
  private final MemcacheClient client;
  private final Metrics metrics = new Metrics();
  private final CacheGuard guard;
  private final CacheAside aside;
  private final Clock clock;
  private final Duration pageTtl;
  private final Duration missingPageTtl;
  private final Duration userTtl;
  private final Duration missingUserTtl;
  private final Duration landingTtl;
  private final Duration writeCounterTtl;
  private final ReadThrough readThrough;

  private CachingStores(Builder b) {
    this.client = b.client;
    this.clock = b.clock;
    this.pageTtl = b.pageTtl;
    this.missingPageTtl = b.missingPageTtl;
    this.userTtl = b.userTtl;
    this.missingUserTtl = b.missingUserTtl;
    this.landingTtl = b.landingTtl;
    this.writeCounterTtl = b.writeCounterTtl;
    this.guard = new CacheGuard(b.client, metrics, b.failureThreshold, b.probeInterval);
    NearCache near = b.nearCacheTtl == null ? null
        : new NearCache(b.nearCacheTtl, b.nearCacheSize, b.ticker);
    this.aside = new CacheAside(guard, metrics, b.leaseTtl, b.leaseWait, b.leases, near);
    this.readThrough = new ReadThrough(aside);
  }

  /** A layer with the default settings over {@code client}. */
  public static CachingStores over(MemcacheClient client) {
    return newBuilder(client).build();
  }

  /** A builder for a layer over {@code client}. */
  public static Builder newBuilder(MemcacheClient client) {
    return new Builder(client);
  }

  /** A caching decorator of {@code store}. */
  public CachingWikiStore store(WikiStore store) {
    return new CachingWikiStore(store, this);
  }

  /** A caching decorator of {@code history}. */
  public CachingRevisionHistory history(RevisionHistory history) {
    return new CachingRevisionHistory(history, this);
  }

  /** A caching decorator of {@code users}. */
  public CachingUserProfiles users(UserProfiles users) {
    return new CachingUserProfiles(users, this);
  }

  /**
   * Page views that fetch the page, its author's profile, recent changes and rendered HTML in
   * one {@code getMulti} when all are cached.
   *
   * @param renderer turns page content into HTML; its output is cached per revision
   * @param recentLimit how many recent changes a view shows
   */
  public PageViews pageViews(CachingWikiStore store, CachingUserProfiles users,
      java.util.function.Function<String, String> renderer, int recentLimit) {
    return new PageViews(this, store, users, renderer, recentLimit);
  }

  /** The read-through helper (the course's {@code get_data()}) with this layer's rules. */
  public ReadThrough readThrough() {
    return readThrough;
  }

  /** The memcache client this layer uses. */
  public MemcacheClient client() {
    return client;
  }

  /** What the layer has done so far. */
  public CachingStats stats() {
    return new CachingStats(metrics.snapshot(), guard.isOpen(), guard.pendingCount());
  }

  @Override
  public void close() {
    guard.close();
  }

  CacheAside aside() {
    return aside;
  }

  Metrics metrics() {
    return metrics;
  }

  Duration pageTtl() {
    return pageTtl;
  }

  Duration missingPageTtl() {
    return missingPageTtl;
  }

  Duration userTtl() {
    return userTtl;
  }

  Duration missingUserTtl() {
    return missingUserTtl;
  }

  void invalidate(EntityKind kind, List<String> keys) {
    aside.forgetLocally(keys);
    guard.invalidate(kind, keys);
  }

  /**
   * After a page's new revision is committed: bump its write counter (so batch-filled entries
   * loaded before the commit stop being served), delete the cached page, and start a new landing
   * generation. A missing counter restarts from a value never used before, like a generation.
   */
  void afterPageWrite(PageName name) {
    guard.bump(EntityKind.PAGE, CacheKeys.pageWrites(name), this::freshGeneration,
        writeCounterTtl);
    invalidate(EntityKind.PAGE, List.of(CacheKeys.page(name)));
    aside.forgetLocally(List.of(CacheKeys.landingGeneration()));
    guard.bump(EntityKind.LANDING, CacheKeys.landingGeneration(), this::freshGeneration,
        Duration.ZERO);
  }

  /**
   * A landing query's result in the current generation. An edit bumps the generation after it
   * commits, so a reader that starts after the edit returned reads a generation no older reader
   * has filled.
   */
  <T> T landing(String kind, String parameters, Codec<T> codec, Supplier<T> loader) {
    long generation = currentGeneration();
    if (generation < 0) {
      metrics.miss(EntityKind.LANDING);
      metrics.load(EntityKind.LANDING);
      return loader.get();
    }
    return aside.get(EntityKind.LANDING, CacheKeys.landing(kind, generation, parameters), codec,
        () -> Optional.of(loader.get()), landingTtl, null, false).orElseThrow();
  }

  /** The landing generation, creating it if absent; -1 if the cache cannot say. */
  private long currentGeneration() {
    if (!guard.readable()) {
      return -1;
    }
    String key = CacheKeys.landingGeneration();
    for (int attempt = 0; attempt < 3; attempt++) {
      byte[] bytes = guard.get(EntityKind.LANDING, key);
      if (bytes != null) {
        try {
          return Long.parseUnsignedLong(new String(bytes, US_ASCII).trim());
        } catch (NumberFormatException e) {
          guard.discard(EntityKind.LANDING, key);
          continue;
        }
      }
      long fresh = freshGeneration();
      if (guard.add(EntityKind.LANDING, key, Long.toString(fresh).getBytes(US_ASCII),
          Duration.ZERO)) {
        return fresh;
      }
      if (!guard.readable()) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * A generation never used before: the time in microseconds. An evicted counter restarts here,
   * above any value it reached, unless edits outran one per microsecond since it was created.
   */
  private long freshGeneration() {
    java.time.Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** Builds a {@link CachingStores}. Each setter validates its argument. Not thread-safe. */
  public static final class Builder {
    private final MemcacheClient client;
    private Clock clock = Clock.systemUTC();
    private Duration pageTtl = Duration.ofHours(1);
    private Duration missingPageTtl = Duration.ofSeconds(30);
    private Duration userTtl = Duration.ofHours(1);
    private Duration missingUserTtl = Duration.ofSeconds(30);
    private Duration landingTtl = Duration.ofMinutes(5);
    private Duration writeCounterTtl = Duration.ofHours(1);
    private Duration leaseTtl = Duration.ofSeconds(3);
    private Duration leaseWait = Duration.ofMillis(100);
    private int failureThreshold = 2;
    private Duration probeInterval = Duration.ofSeconds(1);
    private @Nullable Duration nearCacheTtl;
    private long nearCacheSize = 10_000;
    private Ticker ticker = Ticker.systemTicker();
    private boolean leases = true;

    private Builder(MemcacheClient client) {
      this.client = requireNonNull(client, "client");
    }

    /** Expiry of cached pages (default 1 hour; invalidation, not expiry, keeps them fresh). */
    public Builder pageTtl(Duration ttl) {
      this.pageTtl = positive(ttl, "pageTtl");
      return this;
    }

    /** How long "no such page" is remembered (default 30 s; a create invalidates it). */
    public Builder missingPageTtl(Duration ttl) {
      this.missingPageTtl = positive(ttl, "missingPageTtl");
      return this;
    }

    /** Expiry of cached profiles (default 1 hour). */
    public Builder userTtl(Duration ttl) {
      this.userTtl = positive(ttl, "userTtl");
      return this;
    }

    /** How long "no such user" is remembered (default 30 s; a sign-up invalidates it). */
    public Builder missingUserTtl(Duration ttl) {
      this.missingUserTtl = positive(ttl, "missingUserTtl");
      return this;
    }

    /** Expiry of landing query results (default 5 minutes; edits start a new generation). */
    public Builder landingTtl(Duration ttl) {
      this.landingTtl = positive(ttl, "landingTtl");
      return this;
    }

    /**
     * How long a lease protects a miss's fill (default 3 s). Must exceed the slowest store load;
     * if the loader dies, other readers wait at most this long for the key to be usable again.
     */
    public Builder leaseTtl(Duration ttl) {
      checkArgument(ttl.compareTo(Duration.ofSeconds(1)) >= 0, "leaseTtl must be >= 1 s");
      this.leaseTtl = ttl;
      return this;
    }

    /** How long a reader that finds another's lease waits for its value (default 100 ms). */
    public Builder leaseWait(Duration wait) {
      checkArgument(!wait.isNegative(), "leaseWait must not be negative");
      this.leaseWait = wait;
      return this;
    }

    /**
     * Circuit breaker: consecutive failed cache calls that open it (default 2), and how often a
     * background probe checks whether the cache is back (default 1 s).
     */
    public Builder breaker(int failureThreshold, Duration probeInterval) {
      checkArgument(failureThreshold >= 1, "failureThreshold must be >= 1");
      this.failureThreshold = failureThreshold;
      this.probeInterval = positive(probeInterval, "probeInterval");
      return this;
    }

    /**
     * Turns on an in-process near cache of decoded values (off by default), kept for {@code ttl}.
     * It trades consistency for speed: edits made through this process invalidate it at once,
     * but an edit made through another process is seen here only after {@code ttl}.
     */
    public Builder nearCache(Duration ttl, long maximumSize) {
      this.nearCacheTtl = positive(ttl, "nearCache ttl");
      checkArgument(maximumSize >= 1, "maximumSize must be >= 1");
      this.nearCacheSize = maximumSize;
      return this;
    }

    /** The clock for landing generations (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** The ticker of the near cache, for tests (default system ticker). */
    public Builder ticker(Ticker ticker) {
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Fills misses with a blind {@code set} instead of a lease and {@code cas}: exposes the
     * stale-set race. Only for tests that demonstrate why leases exist.
     */
    Builder withoutLeases() {
      this.leases = false;
      return this;
    }

    /** The layer. */
    public CachingStores build() {
      return new CachingStores(this);
    }

    private static Duration positive(Duration d, String what) {
      requireNonNull(d, what);
      checkArgument(!d.isNegative() && !d.isZero(), "%s must be positive, was %s", what, d);
      return d;
    }
  }
}
