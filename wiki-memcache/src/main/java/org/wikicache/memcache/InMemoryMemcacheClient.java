package org.wikicache.memcache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.wikicache.memcache.internal.MemcacheKeys;
import org.wikicache.memcache.internal.Batches;
import org.wikicache.memcache.internal.MemcachedArithmetic;

/**
 * A {@link MemcacheClient} that keeps items in this JVM, in a Caffeine cache, and behaves like
 * one memcached 1.6 server: same key, TTL and size rules, same {@code incr}/{@code decr}
 * arithmetic, same CAS outcomes, same stats counters.
 *
 * <ul>
 *   <li><b>Memory bound</b>: items weigh what they weigh in memcached (value + key + 59 bytes of
 *       item header, CAS and terminators); the total is bounded by {@code maximumBytes} (64 MiB
 *       by default, like {@code memcached -m 64}). Eviction uses Caffeine's W-TinyLFU rather than
 *       memcached's segmented LRU, so <em>which</em> item goes first can differ; an item can be
 *       evicted, or refused admission, right after it was stored, as in any full cache.
 *   <li><b>Item size</b>: {@code maxValueBytes} is memcached's item size limit ({@code -I},
 *       1 MiB by default) and, as in memcached, it includes the overhead: a value is stored only
 *       if {@code value.length + keyUtf8.length + 59 <= maxValueBytes}; with a one-byte key the
 *       largest value is 1,048,516 bytes, exactly what a real memcached 1.6 accepts. A
 *       {@code set} of a too-large value removes the key's old value, as memcached does.
 *   <li><b>Expiry</b>: per item, in whole seconds (rounded up), measured with the JVM's
 *       monotonic clock ({@link System#nanoTime()}), or with the {@link Clock} given to
 *       {@link Builder#clock}; an item expires when that clock reaches its deadline. Tests pass
 *       a clock they move by hand instead of sleeping.
 *   <li><b>CAS ids</b> come from one counter that only grows, so an id never repeats, not even
 *       for a key deleted and created again. {@code touch} keeps the CAS id; every write,
 *       {@code incr} and {@code decr} included, takes a new one.
 *   <li><b>Stats</b>: {@code hits}/{@code misses} count keys looked up by get/gets/getMulti;
 *       {@code evictions} count items removed for room (not expiries, not flushes).
 *   <li>It never throws {@link CacheUnavailableException}.
 * </ul>
 *
 * <p><b>Thread safety:</b> safe for concurrent use; every single-key operation is atomic (each
 * runs inside one {@code ConcurrentMap.compute} of the cache's map). Eviction runs on the
 * calling thread, which keeps the weight and stats exact at the end of every call.
 *
 * <pre>{@code
 * MemcacheClient cache = InMemoryMemcacheClient.newBuilder()
 *     .maximumBytes(16 << 20)
 *     .build();
 * cache.set("k", "7".getBytes(US_ASCII), Duration.ofMinutes(1));
 * cache.incr("k", 1);   // OptionalLong[8]
 * }</pre>
 */
public final class InMemoryMemcacheClient implements MemcacheClient {

  /**
   * Bytes memcached 1.6 (64-bit) spends on an item beyond its value and key: a 48-byte header,
   * the 8-byte CAS id, the key's terminating NUL and the value's {@code \r\n}.
   */
  public static final int ITEM_OVERHEAD_BYTES = 59;

  /** memcached's default memory limit ({@code -m 64}). */
  public static final long DEFAULT_MAXIMUM_BYTES = 64L << 20;

  /** memcached's default item size limit ({@code -I 1m}). */
  public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;

  private static final long NEVER = Long.MAX_VALUE;

  /** A stored item. {@code expiresAt} is a reading of {@link #ticker}, or {@link #NEVER}. */
  private record Item(byte[] value, long casId, long expiresAt, int weight) {}

  private final Cache<String, Item> cache;
  private final Ticker ticker;
  private final long maximumBytes;
  private final int maxValueBytes;
  private final AtomicLong lastCasId = new AtomicLong();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private volatile boolean closed;

  private InMemoryMemcacheClient(Builder builder) {
    this.ticker = builder.clock == null ? Ticker.systemTicker() : nanosOf(builder.clock);
    this.maximumBytes = builder.maximumBytes;
    this.maxValueBytes = builder.maxValueBytes;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maximumBytes)
        .weigher((String key, Item item) -> item.weight())
        .expireAfter(new Expiry<String, Item>() {
          @Override
          public long expireAfterCreate(String key, Item item, long currentTime) {
            return remaining(item, currentTime);
          }

          @Override
          public long expireAfterUpdate(
              String key, Item item, long currentTime, long currentDuration) {
            return remaining(item, currentTime);
          }

          @Override
          public long expireAfterRead(
              String key, Item item, long currentTime, long currentDuration) {
            return currentDuration;
          }
        })
        .ticker(ticker)
        .executor(Runnable::run)
        .evictionListener((String key, Item item, RemovalCause cause) -> {
          if (cause == RemovalCause.SIZE) {
            evictions.increment();
          }
        })
        .build();
  }

  /** Caffeine's time source reading {@code clock}, in nanoseconds since the epoch. */
  private static Ticker nanosOf(Clock clock) {
    return () -> {
      Instant now = clock.instant();
      return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L),
          now.getNano());
    };
  }

  private static long remaining(Item item, long now) {
    return item.expiresAt() == NEVER ? Long.MAX_VALUE : Math.max(0, item.expiresAt() - now);
  }

  /**
   * Returns a builder with memcached's defaults: 64 MiB, 1 MiB items, the monotonic clock.
   *
   * @return a new builder
   */
  public static Builder newBuilder() {
    return new Builder();
  }

  /**
   * Returns a client with memcached's defaults (64 MiB, 1 MiB items, the monotonic clock).
   *
   * @return a new client
   */
  public static MemcacheClient create() {
    return newBuilder().build();
  }

  // ---- storage commands ------------------------------------------------------------------

  @Override
  public boolean add(String key, byte[] value, Duration ttl) {
    Item fresh = newItem(key, value, ttl);
    if (fresh == null) {
      return false;
    }
    return cache.asMap().putIfAbsent(key, withCasId(fresh)) == null;
  }

  @Override
  public boolean set(String key, byte[] value, Duration ttl) {
    Item fresh = newItem(key, value, ttl);
    if (fresh == null) {
      // memcached unlinks the old item when a SET fails for size, so no stale value survives.
      cache.asMap().remove(key);
      return false;
    }
    cache.asMap().compute(key, (k, old) -> withCasId(fresh));
    return true;
  }

  @Override
  public boolean replace(String key, byte[] value, Duration ttl) {
    Item fresh = newItem(key, value, ttl);
    if (fresh == null) {
      return false;
    }
    return cache.asMap().computeIfPresent(key, (k, old) -> withCasId(fresh)) != null;
  }

  @Override
  public boolean cas(String key, byte[] value, long casId, Duration ttl) {
    Item fresh = newItem(key, value, ttl);
    if (fresh == null) {
      return false;
    }
    // A compare-and-swap on the item itself: a racing write takes a new CAS id and fails the
    // check; a racing touch keeps the id but replaces the item, so the check is made again.
    while (true) {
      Item current = cache.policy().getIfPresentQuietly(key);
      if (current == null || current.casId() != casId) {
        return false;
      }
      if (cache.asMap().replace(key, current, withCasId(fresh))) {
        return true;
      }
    }
  }

  @Override
  public Set<String> setMulti(Map<String, byte[]> values, Duration ttl) {
    return Batches.setEach(values, ttl, (k, v) -> set(k, v, ttl));
  }

  /** Validates, then builds an item without a CAS id, or returns null if it is too large. */
  private @Nullable Item newItem(String key, byte[] value, Duration ttl) {
    checkOpen();
    byte[] keyBytes = MemcacheKeys.checkKey(key);
    Objects.requireNonNull(value, "value");
    long seconds = MemcacheKeys.ttlSeconds(ttl);
    long size = (long) value.length + keyBytes.length + ITEM_OVERHEAD_BYTES;
    if (size > maxValueBytes) {
      return null;
    }
    long expiresAt = seconds == 0 ? NEVER : ticker.read() + TimeUnit.SECONDS.toNanos(seconds);
    return new Item(value.clone(), 0, expiresAt, (int) size);
  }

  private Item withCasId(Item item) {
    return new Item(item.value(), lastCasId.incrementAndGet(), item.expiresAt(), item.weight());
  }

  // ---- retrieval ---------------------------------------------------------------------------

  @Override
  public byte @Nullable [] get(String key) {
    Item item = lookup(key);
    return item == null ? null : item.value().clone();
  }

  @Override
  public @Nullable CasValue gets(String key) {
    Item item = lookup(key);
    return item == null ? null : new CasValue(item.value().clone(), item.casId());
  }

  @Override
  public Map<String, byte[]> getMulti(Collection<String> keys) {
    checkOpen();
    Objects.requireNonNull(keys, "keys");
    keys.forEach(MemcacheKeys::checkKey);
    Map<String, byte[]> found = new LinkedHashMap<>();
    for (String key : new LinkedHashSet<>(keys)) {
      Item item = lookup(key);
      if (item != null) {
        found.put(key, item.value().clone());
      }
    }
    return Collections.unmodifiableMap(found);
  }

  private @Nullable Item lookup(String key) {
    checkOpen();
    MemcacheKeys.checkKey(key);
    Item item = cache.getIfPresent(key);
    (item == null ? misses : hits).increment();
    return item;
  }

  // ---- other commands ----------------------------------------------------------------------

  @Override
  public boolean delete(String key) {
    checkOpen();
    MemcacheKeys.checkKey(key);
    return cache.asMap().remove(key) != null;
  }

  @Override
  public Set<String> deleteMulti(Collection<String> keys) {
    checkOpen();
    return Batches.deleteEach(keys, this::delete);
  }

  @Override
  public OptionalLong incr(String key, long delta) {
    return arithmetic(key, delta, true);
  }

  @Override
  public OptionalLong decr(String key, long delta) {
    return arithmetic(key, delta, false);
  }

  private OptionalLong arithmetic(String key, long delta, boolean increment) {
    checkOpen();
    byte[] keyBytes = MemcacheKeys.checkKey(key);
    MemcacheKeys.checkDelta(delta);
    Item updated = cache.asMap().computeIfPresent(key, (k, old) -> {
      byte[] value = MemcachedArithmetic.apply(k, old.value(), delta, increment);
      int weight = value.length + keyBytes.length + ITEM_OVERHEAD_BYTES;
      return new Item(value, lastCasId.incrementAndGet(), old.expiresAt(), weight);
    });
    return updated == null
        ? OptionalLong.empty()
        : OptionalLong.of(MemcachedArithmetic.parse(updated.value()));
  }

  @Override
  public boolean touch(String key, Duration ttl) {
    checkOpen();
    MemcacheKeys.checkKey(key);
    long seconds = MemcacheKeys.ttlSeconds(ttl);
    long expiresAt = seconds == 0 ? NEVER : ticker.read() + TimeUnit.SECONDS.toNanos(seconds);
    return cache.asMap().computeIfPresent(key,
        (k, old) -> new Item(old.value(), old.casId(), expiresAt, old.weight())) != null;
  }

  @Override
  public void flushAll() {
    checkOpen();
    cache.invalidateAll();
  }

  @Override
  public CacheStats getStats() {
    checkOpen();
    cache.cleanUp();
    long bytes = cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
    return new CacheStats(hits.sum(), misses.sum(), cache.estimatedSize(), bytes,
        evictions.sum(), maximumBytes);
  }

  /** Drops every item; later calls throw {@link IllegalStateException}. Idempotent. */
  @Override
  public void close() {
    closed = true;
    cache.invalidateAll();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("client is closed");
    }
  }

  @Override
  public String toString() {
    return "InMemoryMemcacheClient[maximumBytes=" + maximumBytes + ", maxValueBytes="
        + maxValueBytes + ", items=" + cache.estimatedSize() + "]";
  }

  /**
   * Builds an {@link InMemoryMemcacheClient}. Each setter validates its argument at once.
   *
   * <p><b>Thread safety:</b> not thread-safe; use from one thread, then {@link #build()}.
   */
  public static final class Builder {
    private long maximumBytes = DEFAULT_MAXIMUM_BYTES;
    private int maxValueBytes = DEFAULT_MAX_VALUE_BYTES;
    private @Nullable Clock clock;

    private Builder() {}

    /**
     * Sets the memory limit (memcached's {@code -m}), counted as memcached counts item bytes.
     *
     * @param bytes the limit, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    public Builder maximumBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maximumBytes must be positive: " + bytes);
      }
      this.maximumBytes = bytes;
      return this;
    }

    /**
     * Sets the item size limit (memcached's {@code -I}); an item takes its value, its key and
     * 59 bytes of overhead ({@link
     * #ITEM_OVERHEAD_BYTES}).
     *
     * @param bytes the limit, at least 1 KiB and at most 1 GiB
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is out of range
     */
    public Builder maxValueBytes(int bytes) {
      if (bytes < 1024 || bytes > (1 << 30)) {
        throw new IllegalArgumentException(
            "maxValueBytes must be between 1 KiB and 1 GiB (memcached -I): " + bytes);
      }
      this.maxValueBytes = bytes;
      return this;
    }

    /**
     * Sets the clock that expiry is measured with; by default the JVM's monotonic clock, which
     * no wall-clock adjustment moves. Tests pass a clock they move by hand (such as wiki-testing's
     * {@code MutableClock}) instead of sleeping.
     *
     * @param clock the time source; its {@link Clock#instant()} must not go backwards
     * @return this builder
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return a new client
     * @throws IllegalStateException if the item size limit exceeds the memory limit
     */
    public MemcacheClient build() {
      if (maxValueBytes > maximumBytes) {
        throw new IllegalStateException("maxValueBytes (" + maxValueBytes
            + ") must not exceed maximumBytes (" + maximumBytes + ")");
      }
      return new InMemoryMemcacheClient(this);
    }
  }
}
