package org.wikicache.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An in-process cache of decoded values in front of memcache, for a short time. It gives up
 * cross-process freshness: an edit made through another process is seen here only after the
 * near cache's expiry. Edits made through this process invalidate it at once.
 */
final class NearCache {
  private final Cache<String, Optional<?>> cache;

  NearCache(Duration ttl, long maximumSize, Ticker ticker) {
    this.cache = Caffeine.newBuilder()
        .expireAfterWrite(ttl)
        .maximumSize(maximumSize)
        .ticker(ticker)
        .build();
  }

  @SuppressWarnings("unchecked")
  <T> @Nullable Optional<T> get(String key) {
    return (Optional<T>) cache.getIfPresent(key);
  }

  void put(String key, Optional<?> value) {
    cache.put(key, value);
  }

  void invalidate(Iterable<String> keys) {
    cache.invalidateAll(keys);
  }
}
