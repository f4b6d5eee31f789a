package org.wikicache.cache;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.ChangeLog;
import org.wikicache.core.ChangeLog.Change;
import org.wikicache.core.ChangeLogged;
import org.wikicache.core.InMemoryChangeLog;
import org.wikicache.core.RevisionHistory;
import org.wikicache.core.SessionStore;
import org.wikicache.core.UserProfiles;
import org.wikicache.core.WikiStore;
import org.wikicache.memcache.MemcacheClient;

/**
 * The caching layer: decorators that put a {@link MemcacheClient} in front of a wiki's stores,
 * sharing one namespace, one set of rules, statistics and fault handling, and one invalidation
 * relay per change log.
 *
 * <pre>{@code
 * CachingStores caching = CachingStores.newBuilder(cache).namespace("wiki").build();
 * WikiStore store = caching.store(db.store());        // db: a JdbcWiki
 * RevisionHistory history = caching.history(db.store());
 * UserProfiles users = caching.users(db.users());
 * SessionStore sessions = caching.sessions(db.sessions());
 * caching.stats().kind(EntityKind.PAGE).hitRatio();
 * }</pre>
 *
 * <p><b>Reads</b> are cache-aside: misses fill through a lease and {@code cas} so a stale value can
 * never overwrite an invalidation; revisions, immutable, are filled without leases; landing queries are cached under
 * a generation that each change of a page starts anew; keys are namespaced, versioned and hashed
 * when a name would make them illegal; values go through explicit codecs ({@link Codecs}), bytes
 * that do not decode are a miss, and a value larger than {@link Builder#maxValueBytes} is replaced
 * by a marker that sends readers to the store.
 *
 * <p><b>The consistency contract.</b> Call a write <em>returned</em> when {@code save},
 * {@code signUp}, {@code updateProfile} or a session's {@code delete} returned, through this layer or directly on a store that
 * keeps a {@link ChangeLog} (a {@code JdbcWiki}'s). Then no read that begins after a write
 * returned, in any process whose layer relays that log (same database, any memcached server list,
 * any namespace of its own), returns a value older than that write: not the page, not its
 * revision list in views, not the landing lists, not the profile by id or by name, not a session
 * (a logout is a write: {@code delete} on {@link #sessions}), not a near cache entry. This holds across processes, restarts, partitions between a process and memcached,
 * memcached pauses and restarts, evictions, and a lost reply to a COMMIT, because:
 * <ul>
 *   <li>a store that keeps a change log appends what each write made obsolete in the write's own
 *       transaction; every layer runs a relay that reads the log and deletes those keys, and any
 *       process's relay delivers any process's entries;
 *   <li>before a write returns, the writing process deletes the keys itself, and waits until
 *       every other registered relay has confirmed the entry, or has been silent for a lease, or
 *       a lease has passed ({@link Builder#relayLease}, 2 s by default; the wait lasts only when a
 *       process stops responding); a write on a bare {@code JdbcWiki}, in a process where no
 *       layer relays its log, waits the same way (up to that wiki's own {@code relayLease},
 *       which must be at least the layers');
 *   <li>a layer that moves to another epoch (it started cut off from memcached and could not
 *       read the namespace's, or another process flushed) reads nothing from its cache until its
 *       relays have replayed the whole log under the new keys;
 *   <li>a layer reads its cache (memcache or near cache) only while each of its relays has
 *       delivered every entry it has read and holds a lease renewed by reading the log; a process
 *       that starts, or whose link to the cache comes back, replays what it may have missed first,
 *       and a process that cannot read the log stops using its cache within a lease;
 *   <li>when a write fails in a way that leaves unknown whether it committed, the writing process
 *       stops reading its cache until its relay has read the log again, and waits for the other
 *       relays as for a write.
 * </ul>
 * What it relies on: processes' clocks run at the same rate to within ten percent over a lease;
 * values that a change may make obsolete are kept no longer than the log's retention minus a lease
 * (the builder checks); and all processes share the database's log. When no process can reach the
 * cache, writes return at once and nothing is read from the cache until it is back and replayed.
 * When a process cannot reach the database, it cannot renew its lease and reads the store.
 *
 * <p><b>Stores that read replicas</b> ({@link org.wikicache.core.LagAware}, such as a
 * {@code JdbcWiki} with replicas): every read this layer passes to them, to fill the cache or in
 * its place, runs {@linkplain org.wikicache.core.LagAware#lagSafe lag-safe}, after the fill's
 * lease or write token was taken. A value a replica served is then as new as every change
 * committed before that, and later changes delete the lease or token: a lagging replica's value
 * is never cached, and the contract above holds unchanged.
 *
 * <p><b>Stores without a change log</b> (an {@code InMemoryWikiStore}, a store of your own): this
 * layer records their writes in a log of its own, in this process only; the contract then holds for
 * readers of this layer, not for other processes.
 *
 * <p>Faults: a cache call that fails is counted, logged at most once per interval, and served from
 * the store; a circuit breaker then stops calling the cache and probes it in the background.
 *
 * <p>Thread-safe. Closing it stops its relays and the breaker's probe; it does not close the
 * client or the stores.
 */
public final class CachingStores implements AutoCloseable {
  private final MemcacheClient client;
  private final String namespace;
  private volatile CacheKeys keys;
  private final Metrics metrics = new Metrics();
  private final CacheGuard guard;
  private final CacheAside aside;
  private final @Nullable NearCache near;
  private final Clock clock;
  private final Duration pageTtl;
  private final Duration missingPageTtl;
  private final Duration userTtl;
  private final Duration missingUserTtl;
  private final Duration landingTtl;
  private final Duration sessionTtl;
  private final @Nullable Duration nearCacheTtl;
  private final InvalidationRelay.Timing timing;
  private final ReadThrough readThrough;
  private final InMemoryChangeLog ownLog;
  private final List<InvalidationRelay> relays = new CopyOnWriteArrayList<>();
  /** The landing generation seen last, for one-trip reads; -1 before the first. */
  private volatile long lastGeneration = -1;

  private CachingStores(Builder b) {
    this.client = b.client;
    this.namespace = b.namespace;
    this.keys = new CacheKeys(b.namespace, CacheKeys.newEpoch());  // replaced by the shared one
    this.clock = b.clock;
    this.pageTtl = b.pageTtl;
    this.missingPageTtl = b.missingPageTtl;
    this.userTtl = b.userTtl;
    this.missingUserTtl = b.missingUserTtl;
    this.landingTtl = b.landingTtl;
    this.sessionTtl = b.sessionTtl;
    this.nearCacheTtl = b.nearCacheTtl;
    this.timing = new InvalidationRelay.Timing(b.relayLease, b.relayPollInterval);
    this.guard = new CacheGuard(b.client, metrics, b.failureThreshold, b.probeInterval,
        CacheKeys.epochKey(b.namespace));
    this.near = b.nearCacheTtl == null ? null
        : new NearCache(b.nearCacheTtl, b.nearCacheSize, b.clock);
    this.aside = new CacheAside(guard, metrics, b.leaseTtl, b.leaseWait, b.maxValueBytes,
        b.leases, near);
    this.readThrough = new ReadThrough(aside, this::keys);
    guard.relays(this::relaysInStep, () -> relays.forEach(InvalidationRelay::revoke), () -> {
      refreshEpoch();  // a process that started cut off has an epoch of its own until now
      relays.forEach(InvalidationRelay::wakeUp);
    });
    refreshEpoch();
    guard.every(Duration.ofNanos(timing.heartbeatNanos()), this::refreshEpoch);
    this.ownLog = InMemoryChangeLog.create(b.clock);
    relayFor(ownLog);
    if (b.changeLog != null) {
      relayFor(b.changeLog);
    }
  }

  /** A layer with the default settings over {@code client}. */
  public static CachingStores over(MemcacheClient client) {
    return newBuilder(client).build();
  }

  /** A builder for a layer over {@code client}. */
  public static Builder newBuilder(MemcacheClient client) {
    return new Builder(client);
  }

  /**
   * A caching decorator of {@code store}. If the store keeps a {@link ChangeLog}
   * ({@link ChangeLogged}), this layer starts relaying it (once per log).
   *
   * @throws IllegalStateException if the store's change log keeps entries for less time than
   *     this layer keeps values it may have to invalidate
   */
  public WikiStore store(WikiStore store) {
    requireNonNull(store, "store");
    return new CachingWikiStore(store, this, relayIfLogged(store));
  }

  /**
   * A caching decorator of {@code history}. A revision never changes, but a move or a delete
   * takes a page's revisions away from its name: if the history keeps a {@link ChangeLog}
   * ({@link ChangeLogged}, as a {@code JdbcWiki}'s store does), this layer relays it (once per
   * log), so that those changes reach the cache even when no decorated store is in use.
   *
   * @throws IllegalStateException if the history's change log keeps entries for less time than
   *     this layer keeps values it may have to invalidate
   */
  public RevisionHistory history(RevisionHistory history) {
    requireNonNull(history, "history");
    relayIfLogged(history);
    return new CachingRevisionHistory(history, this);
  }

  /**
   * A caching decorator of {@code users}. If they keep a {@link ChangeLog}, this layer relays it.
   *
   * @throws IllegalStateException as {@link #store}
   */
  public UserProfiles users(UserProfiles users) {
    requireNonNull(users, "users");
    return new CachingUserProfiles(users, this, relayIfLogged(users));
  }

  /**
   * A caching decorator of {@code sessions}: sessions are read through the cache, logouts are
   * invalidated in every process through the store's change log (a {@code JdbcWiki}'s sessions
   * keep one; this layer relays it), and expiry is checked on each read against this layer's
   * clock. The consistency contract above holds for sessions: no read that begins after
   * {@code delete} returned finds the session, in any process.
   *
   * @throws IllegalStateException as {@link #store}
   */
  public SessionStore sessions(SessionStore sessions) {
    requireNonNull(sessions, "sessions");
    return new CachingSessionStore(sessions, this, clock, relayIfLogged(sessions));
  }

  /**
   * Page views that fetch the page, its author's profile, recent changes and rendered HTML in
   * one {@code getMulti} when all are cached.
   *
   * @param store a store made by this layer's {@link #store}
   * @param users profiles made by this layer's {@link #users}
   * @param renderer turns page content into HTML; its output is cached per revision
   * @param recentLimit how many recent changes a view shows
   * @throws IllegalArgumentException if {@code store} or {@code users} were not made by this layer
   */
  public PageViews pageViews(WikiStore store, UserProfiles users,
      Function<String, String> renderer, int recentLimit) {
    checkArgument(store instanceof CachingWikiStore s && s.layer() == this,
        "store must be made by this layer's store()");
    checkArgument(users instanceof CachingUserProfiles u && u.layer() == this,
        "users must be made by this layer's users()");
    return new PageViews(this, (CachingWikiStore) store, (CachingUserProfiles) users, renderer,
        recentLimit);
  }

  /** The read-through helper (the course's {@code get_data()}) with this layer's rules. */
  public ReadThrough readThrough() {
    return readThrough;
  }

  /** The memcache client this layer uses. */
  public MemcacheClient client() {
    return client;
  }

  /** The namespace that begins every key of this layer. */
  public String namespace() {
    return namespace;
  }

  /** What the layer has done so far. */
  public CachingStats stats() {
    List<RelayMetrics.Snapshot> snapshots = new ArrayList<>();
    for (InvalidationRelay relay : relays) {
      snapshots.add(relay.snapshot());
    }
    return new CachingStats(metrics.snapshot(), guard.isOpen(), RelayStats.of(snapshots),
        metrics.tooLargeCount());
  }

  /**
   * Drops every value cached under this layer's namespace, in every process, and nothing of other
   * namespaces (unlike memcached's {@code flush_all}): a new epoch, stored in the cache, becomes
   * part of every key. This process switches at once; others within a relay heartbeat (a quarter
   * of the relay lease), each going on with its own epoch, consistently, until then. Use it after
   * restoring the database from a backup, say.
   *
   * @return false if the cache could not be told (it is down); this process switched anyway
   */
  public boolean flush() {
    String epoch = CacheKeys.newEpoch();
    boolean told = guard.set(EntityKind.DERIVED, CacheKeys.epochKey(namespace),
        epoch.getBytes(US_ASCII), Duration.ZERO);
    switchEpoch(epoch);
    return told;
  }

  /** Reads the namespace's shared epoch (creating it if absent) and switches to it. */
  private void refreshEpoch() {
    if (!guard.linkUp()) {
      return;
    }
    String key = CacheKeys.epochKey(namespace);
    for (int attempt = 0; attempt < 3; attempt++) {
      byte[] bytes = guard.get(EntityKind.DERIVED, key);
      if (bytes != null) {
        String epoch = new String(bytes, US_ASCII);
        if (CacheKeys.isEpoch(epoch)) {
          switchEpoch(epoch);
          return;
        }
        guard.discard(EntityKind.DERIVED, key);
      } else if (guard.add(EntityKind.DERIVED, key, keys.epoch().getBytes(US_ASCII),
          Duration.ZERO)) {
        return;  // ours is the namespace's epoch now
      }
      if (!guard.linkUp()) {
        return;
      }
    }
  }

  /**
   * Moves to the namespace's {@code epoch}. What the relays delivered so far went to the old
   * epoch's keys (a process that started cut off from memcached, say, used an epoch of its own),
   * so reads stop at once and resume only after the relays have replayed the whole log under the
   * new keys.
   */
  private synchronized void switchEpoch(String epoch) {
    if (!epoch.equals(keys.epoch())) {
      relays.forEach(InvalidationRelay::revoke);
      keys = new CacheKeys(namespace, epoch);
      if (near != null) {
        near.clear();
      }
      relays.forEach(InvalidationRelay::replayAll);
    }
  }

  @Override
  public void close() {
    for (InvalidationRelay relay : relays) {
      relay.close();
    }
    guard.close();
  }

  // ---- for the decorators ----

  CacheAside aside() {
    return aside;
  }

  CacheKeys keys() {
    return keys;
  }

  Metrics metrics() {
    return metrics;
  }

  /** The near cache, if this layer has one. */
  @Nullable NearCache near() {
    return near;
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

  Duration sessionTtl() {
    return sessionTtl;
  }

  /**
   * Records changes made through a store that keeps no change log, in this layer's own log: this
   * process's cache is told before the call returns. Called after the store's write, and after a
   * write that failed without a conflict (it may have committed: invalidating is always safe).
   */
  void changedWithoutLog(Collection<Change> changes) {
    ownLog.append(changes);
  }

  private boolean relayIfLogged(Object store) {
    if (store instanceof ChangeLogged logged) {
      relayFor(logged.changeLog());
      return true;
    }
    return false;
  }

  private synchronized void relayFor(ChangeLog log) {
    for (InvalidationRelay relay : relays) {
      if (relay.log() == log) {
        return;
      }
    }
    checkRetention(log);
    relays.add(new InvalidationRelay(log, guard, this::keys, near, clock, timing, namespace,
        new RelayMetrics()));
  }

  private void checkRetention(ChangeLog log) {
    Duration longest = pageTtl;
    for (Duration d : new Duration[] {missingPageTtl, userTtl, missingUserTtl, landingTtl,
        sessionTtl, nearCacheTtl}) {
      if (d != null && d.compareTo(longest) > 0) {
        longest = d;
      }
    }
    Duration needed = longest.plusNanos(timing.settleNanos());
    if (log.retention().compareTo(needed) < 0) {
      throw new IllegalStateException("the change log keeps entries for " + log.retention()
          + " but this layer keeps values it may have to invalidate for up to " + longest
          + " (plus a relay lease): lower the layer's TTLs or raise the log's retention");
    }
  }

  private boolean relaysInStep(long nowNanos) {
    for (InvalidationRelay relay : relays) {
      if (!relay.inStep(nowNanos)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A landing query's result in the current generation. Every change of a page deletes the
   * generation before the write returns, and a missing generation restarts at a random value, so
   * a reader that starts after the write returned reads a generation no older reader has filled.
   */
  <T> T landing(String kind, String parameters, Codec<T> codec, Supplier<T> loader) {
    T fast = landingInOneTrip(kind, parameters, codec);
    if (fast != null) {
      return fast;
    }
    long generation = currentGeneration();
    lastGeneration = generation;
    if (generation < 0) {
      metrics.miss(EntityKind.LANDING);
      metrics.load(EntityKind.LANDING);
      return loader.get();
    }
    return aside.get(EntityKind.LANDING, keys.landing(kind, generation, parameters), null, codec,
        () -> Optional.of(loader.get()), landingTtl, null, false).orElseThrow();
  }

  /**
   * A cached landing value read in one round trip: one {@code getMulti} of the generation and of
   * the value's key in the generation seen last, used only if the generation is still that one
   * and the value is present. Null otherwise (the caller takes the usual path). A generation read
   * now that equals the one in the key was created after every write that returned before this
   * read began (each deletes it, and a new one is a new random number), so the value, loaded
   * after its generation was read, is as fresh as on the usual path. Not used with a near cache,
   * which holds the generation in this process.
   */
  private <T> @Nullable T landingInOneTrip(String kind, String parameters, Codec<T> codec) {
    long guess = lastGeneration;
    if (guess < 0 || near != null || !guard.readable()) {
      return null;
    }
    CacheKeys k = keys;
    String genKey = k.landingGeneration();
    String key = k.landing(kind, guess, parameters);
    Map<String, byte[]> got = guard.getMulti(EntityKind.LANDING, List.of(genKey, key));
    if (got == null || parseGeneration(got.get(genKey)) != guess) {
      return null;
    }
    byte[] bytes = got.get(key);
    if (bytes == null) {
      return null;
    }
    CacheAside.Lookup<T> found = aside.decode(EntityKind.LANDING, key, bytes, codec, null);
    if (found.state() != CacheAside.State.PRESENT) {
      return null;
    }
    metrics.hit(EntityKind.LANDING);
    return found.optional().orElseThrow();
  }

  /** The landing generation, creating it if absent; -1 if the cache cannot say. */
  long currentGeneration() {
    return generation(keys.landingGeneration());
  }

  /**
   * The generation held at {@code key} (the landing generation, a page's revision generation),
   * creating it at a random value if absent, so that a generation deleted by a change never
   * comes back; -1 if the cache cannot say.
   */
  long generation(String key) {
    if (!guard.readable()) {
      return -1;
    }
    if (near != null) {
      Optional<Long> held = near.get(key);
      if (held != null && held.isPresent()) {
        return held.get();
      }
    }
    long epoch = aside.nearEpoch(key);
    for (int attempt = 0; attempt < 3; attempt++) {
      byte[] bytes = guard.get(EntityKind.LANDING, key);
      if (bytes != null) {
        long parsed = parseGeneration(bytes);
        if (parsed >= 0) {
          aside.remember(key, Optional.of(parsed), epoch);
          return parsed;
        }
        guard.discard(EntityKind.LANDING, key);
        continue;
      }
      long fresh = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
      if (guard.add(EntityKind.LANDING, key, Long.toString(fresh).getBytes(US_ASCII),
          Duration.ZERO)) {
        aside.remember(key, Optional.of(fresh), epoch);
        return fresh;
      }
      if (!guard.readable()) {
        return -1;
      }
    }
    return -1;
  }

  /** A generation's bytes as a number; -1 if they are not one. */
  static long parseGeneration(byte @Nullable [] bytes) {
    if (bytes == null) {
      return -1;
    }
    try {
      long value = Long.parseLong(new String(bytes, US_ASCII).trim());
      return value >= 0 ? value : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Builds a {@link CachingStores}. Each setter validates its argument. Not thread-safe. */
  public static final class Builder {
    /**
     * The longest time to live of a cached value: 30 days, memcached's longest relative expiry
     * (a TTL past 2038 could not be stored at all).
     */
    public static final Duration MAX_TTL = Duration.ofDays(30);

    private final MemcacheClient client;
    private String namespace = "wiki";
    private Clock clock = Clock.systemUTC();
    private Duration pageTtl = Duration.ofHours(1);
    private Duration missingPageTtl = Duration.ofSeconds(30);
    private Duration userTtl = Duration.ofHours(1);
    private Duration missingUserTtl = Duration.ofSeconds(30);
    private Duration landingTtl = Duration.ofMinutes(5);
    private Duration sessionTtl = Duration.ofMinutes(15);
    private Duration leaseTtl = Duration.ofSeconds(3);
    private Duration leaseWait = Duration.ofMillis(100);
    private int maxValueBytes = 1024 * 1024 - 1024;
    private int failureThreshold = 2;
    private Duration probeInterval = Duration.ofSeconds(1);
    private Duration relayLease = Duration.ofSeconds(2);
    private Duration relayPollInterval = Duration.ofMillis(25);
    private @Nullable ChangeLog changeLog;
    private @Nullable Duration nearCacheTtl;
    private long nearCacheSize = 10_000;
    private boolean leases = true;

    private Builder(MemcacheClient client) {
      this.client = requireNonNull(client, "client");
    }

    /**
     * The namespace that begins every key (default {@code wiki}): give each wiki sharing a
     * memcached its own. 1–64 letters, digits, {@code _}, {@code -} or {@code .}.
     */
    public Builder namespace(String namespace) {
      requireNonNull(namespace, "namespace");
      checkArgument(CacheKeys.NAMESPACE.matcher(namespace).matches(),
          "namespace must be 1-64 letters, digits, '_', '-' or '.': %s", namespace);
      this.namespace = namespace;
      return this;
    }

    /**
     * The change log to relay from the start (optional: decorating a store that keeps one, such
     * as a {@code JdbcWiki}'s, relays its log anyway).
     */
    public Builder changeLog(ChangeLog changeLog) {
      this.changeLog = requireNonNull(changeLog, "changeLog");
      return this;
    }

    /**
     * Expiry of cached pages (default 1 hour; invalidation, not expiry, keeps them fresh); at most
     * {@link #MAX_TTL}, as for every TTL of this builder.
     */
    public Builder pageTtl(Duration ttl) {
      this.pageTtl = ttl(ttl, "pageTtl");
      return this;
    }

    /** How long "no such page" is remembered (default 30 s; a create invalidates it). */
    public Builder missingPageTtl(Duration ttl) {
      this.missingPageTtl = ttl(ttl, "missingPageTtl");
      return this;
    }

    /** Expiry of cached profiles (default 1 hour). */
    public Builder userTtl(Duration ttl) {
      this.userTtl = ttl(ttl, "userTtl");
      return this;
    }

    /** How long "no such user" is remembered (default 30 s; a sign-up invalidates it). */
    public Builder missingUserTtl(Duration ttl) {
      this.missingUserTtl = ttl(ttl, "missingUserTtl");
      return this;
    }

    /** Expiry of landing query results (default 5 minutes; edits start a new generation). */
    public Builder landingTtl(Duration ttl) {
      this.landingTtl = ttl(ttl, "landingTtl");
      return this;
    }

    /**
     * How long a session stays cached (default 15 minutes; logouts invalidate it, and expiry is
     * checked on every read whatever this says).
     */
    public Builder sessionTtl(Duration ttl) {
      this.sessionTtl = ttl(ttl, "sessionTtl");
      return this;
    }

    /**
     * How long a lease protects a miss's fill (default 3 s). Must exceed the slowest store load;
     * if the loader dies, other readers wait at most this long for the key to be usable again.
     */
    public Builder leaseTtl(Duration ttl) {
      requireNonNull(ttl, "leaseTtl");
      checkArgument(ttl.compareTo(Duration.ofSeconds(1)) >= 0
          && ttl.compareTo(Duration.ofHours(1)) <= 0,
          "leaseTtl must be between 1 s and 1 hour, was %s", ttl);
      this.leaseTtl = ttl;
      return this;
    }

    /**
     * How long a reader that finds another's lease, or another thread of this process loading the
     * same key, waits for its value before reading the store itself (default 100 ms).
     */
    public Builder leaseWait(Duration wait) {
      requireNonNull(wait, "leaseWait");
      checkArgument(!wait.isNegative() && wait.compareTo(Duration.ofMinutes(1)) <= 0,
          "leaseWait must be between 0 and 1 minute, was %s", wait);
      this.leaseWait = wait;
      return this;
    }

    /**
     * The largest encoded value sent to the cache (default 1 MiB less 1 KiB, under memcached's
     * default item size of 1 MiB). A larger value is replaced by a small marker, so readers go
     * straight to the store instead of trying, and failing, to fill it each time.
     */
    public Builder maxValueBytes(int maxValueBytes) {
      checkArgument(maxValueBytes >= 1024, "maxValueBytes must be >= 1024, was %s",
          maxValueBytes);
      this.maxValueBytes = maxValueBytes;
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
      checkArgument(probeInterval.compareTo(Duration.ofHours(1)) <= 0,
          "probeInterval must be at most 1 hour, was %s", probeInterval);
      return this;
    }

    /**
     * The relays' lease (default 2 s): how long a process keeps reading its cache after its relay
     * last read the log and reported, and so the longest a write waits for a process that stopped
     * responding. Between 100 ms and 1 minute.
     */
    public Builder relayLease(Duration lease) {
      requireNonNull(lease, "relayLease");
      checkArgument(lease.compareTo(Duration.ofMillis(100)) >= 0
          && lease.compareTo(Duration.ofMinutes(1)) <= 0,
          "relayLease must be between 100 ms and 1 minute, was %s", lease);
      this.relayLease = lease;
      return this;
    }

    /**
     * How often a relay reads the log when the database cannot push new entries (H2 shared by
     * several processes, MariaDB; PostgreSQL pushes with LISTEN/NOTIFY): default 25 ms.
     */
    public Builder relayPollInterval(Duration interval) {
      requireNonNull(interval, "relayPollInterval");
      checkArgument(interval.compareTo(Duration.ofMillis(1)) >= 0
          && interval.compareTo(Duration.ofSeconds(10)) <= 0,
          "relayPollInterval must be between 1 ms and 10 s, was %s", interval);
      this.relayPollInterval = interval;
      return this;
    }

    /**
     * Turns on an in-process near cache of decoded values (off by default): at most
     * {@code maximumSize} values, each kept for at most {@code ttl}; values of more than 128 Ki
     * characters of text stay in memcache only. Every invalidation the relays deliver reaches it,
     * so it is exactly as fresh as the cache (see the class's consistency contract); what it costs
     * is memory.
     */
    public Builder nearCache(Duration ttl, long maximumSize) {
      this.nearCacheTtl = ttl(ttl, "nearCache ttl");
      checkArgument(maximumSize >= 1, "maximumSize must be >= 1");
      this.nearCacheSize = maximumSize;
      return this;
    }

    /** The clock of the near cache's expiry and the relays' statistics (default UTC system). */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
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

    /**
     * The layer. Its relay of {@link #changeLog} (if given) has run once before this returns.
     *
     * @throws IllegalStateException if that log keeps entries for less than the longest TTL plus
     *     a relay lease
     */
    public CachingStores build() {
      return new CachingStores(this);
    }

    private static Duration positive(Duration d, String what) {
      requireNonNull(d, what);
      checkArgument(!d.isNegative() && !d.isZero(), "%s must be positive, was %s", what, d);
      return d;
    }

    /** A cached value's time to live: positive and at most {@link #MAX_TTL}. */
    private static Duration ttl(Duration d, String what) {
      positive(d, what);
      checkArgument(d.compareTo(MAX_TTL) <= 0, "%s must be at most 30 days, was %s", what, d);
      return d;
    }
  }
}
