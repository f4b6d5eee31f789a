package org.wikicache.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;

/**
 * An in-process cache of decoded values in front of memcache. Every invalidation this process
 * delivers (its own writes, and every other process's through the relay) reaches it, so it is as
 * fresh as the relay; its expiry is only a safety net.
 *
 * <p>A reader learns a value from memcache or the store, then stores it here; an invalidation can
 * fall between the two. So each key hashes to one of a fixed set of epochs, which every
 * invalidation of the key bumps before it removes the entry: a reader notes the epoch before it
 * looks the value up elsewhere, the entry keeps that epoch, and an entry whose epoch is no longer
 * current is never served. Thread-safe.
 */
final class NearCache {
  private static final int STRIPES = 4096;

  private record Held(Optional<?> value, long epoch) {}

  private final Cache<String, Held> cache;
  private final AtomicLongArray epochs = new AtomicLongArray(STRIPES);

  NearCache(Duration ttl, long maximumSize, Clock clock) {
    this.cache = Caffeine.newBuilder()
        .expireAfterWrite(ttl)
        .maximumSize(maximumSize)
        .ticker(ticker(clock))
        .build();
  }

  private static Ticker ticker(Clock clock) {
    if (clock.equals(Clock.systemUTC()) || clock.equals(Clock.systemDefaultZone())) {
      return Ticker.systemTicker();
    }
    return () -> {
      java.time.Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }

  /** The current epoch of {@code key}: note it before reading the value elsewhere. */
  long epoch(String key) {
    return epochs.get(stripe(key));
  }

  /** The value held for {@code key}, or null if none is held or it may be out of date. */
  @SuppressWarnings("unchecked")
  <T> @Nullable Optional<T> get(String key) {
    Held held = cache.getIfPresent(key);
    if (held == null || held.epoch() != epochs.get(stripe(key))) {
      return null;
    }
    return (Optional<T>) held.value();
  }

  /**
   * Holds {@code value}, learned after the epoch {@code epoch} was read, unless it is larger than
   * {@link #MAX_VALUE_CHARS} characters of text (large pages stay in memcache: the near cache's
   * bound is a number of entries, and a few large ones must not fill the heap).
   */
  void put(String key, Optional<?> value, long epoch) {
    if (epoch == epochs.get(stripe(key)) && textLength(value.orElse(null)) <= MAX_VALUE_CHARS) {
      cache.put(key, new Held(value, epoch));
    }
  }

  /** The most characters of text a value held here may have. */
  static final int MAX_VALUE_CHARS = 128 * 1024;

  private static long textLength(@Nullable Object value) {
    if (value instanceof String s) {
      return s.length();
    }
    if (value instanceof org.wikicache.core.Page p) {
      return p.content().length();
    }
    if (value instanceof org.wikicache.core.Revision r) {
      return r.content().length();
    }
    return 0;  // users, lists of revision metadata, numbers: small and bounded
  }

  /** Drops everything (the keys changed: a new epoch). */
  void clear() {
    for (int i = 0; i < STRIPES; i++) {
      epochs.incrementAndGet(i);
    }
    cache.invalidateAll();
  }

  void invalidate(Iterable<String> keys) {
    for (String key : keys) {
      epochs.incrementAndGet(stripe(key));
      cache.invalidate(key);
    }
  }

  private static int stripe(String key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }
}
