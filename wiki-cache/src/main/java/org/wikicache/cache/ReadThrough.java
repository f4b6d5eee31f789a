package org.wikicache.cache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.wikicache.core.PageName;

/**
 * The course's {@code get_data()} pattern as one call: get the value from the cache, else load
 * it and {@code add} it with a TTL. Concurrent misses of one key in this process share one load,
 * and cache faults fall back to the loader, as in the decorators.
 *
 * <pre>{@code
 * String html = caching.readThrough().derived("html", page.name(), page.revision(),
 *     Codecs.STRING, () -> renderer.render(page.content()));
 * int users = caching.readThrough().get("user-count", "all", Duration.ofMinutes(1),
 *     countCodec, () -> countUsers());
 * }</pre>
 *
 * <p>A value with a TTL may be as old as its TTL: use it for values that may be a little stale.
 * A value computed from an immutable revision never goes stale: {@link #derived} keys it by page
 * and revision number and caches it without expiry. Thread-safe.
 */
public final class ReadThrough {
  private final CacheAside aside;
  private final java.util.function.Supplier<CacheKeys> keys;

  ReadThrough(CacheAside aside, java.util.function.Supplier<CacheKeys> keys) {
    this.aside = aside;
    this.keys = keys;
  }

  /**
   * The value under ({@code kind}, {@code name}) from the cache, else from {@code loader}, which
   * is then cached for {@code ttl} ({@link Duration#ZERO}: no expiry).
   *
   * @param kind a short lowercase word naming the kind of value (part of the key)
   * @throws NullPointerException if the loader returns null
   */
  public <T> T get(String kind, String name, Duration ttl, Codec<T> codec, Supplier<T> loader) {
    requireNonNull(loader, "loader");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must not be negative");
    }
    return aside.get(EntityKind.DERIVED, keys.get().custom(kind, name), null, codec,
        () -> Optional.of(requireNonNull(loader.get(), "loader returned null")), ttl, null, true)
        .orElseThrow();
  }

  /**
   * A value computed from revision {@code revision} of {@code page} (such as its rendered HTML),
   * cached without expiry: it can never go stale because the revision never changes.
   */
  public <T> T derived(String kind, PageName page, long revision, Codec<T> codec,
      Supplier<T> loader) {
    requireNonNull(loader, "loader");
    return aside.get(EntityKind.DERIVED, keys.get().derived(kind, page, revision), null, codec,
        () -> Optional.of(requireNonNull(loader.get(), "loader returned null")), Duration.ZERO,
        null, true).orElseThrow();
  }
}
