package org.wikicache.cache;

import org.wikicache.memcache.CacheStats;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * What the caching layer did for one {@link EntityKind}, or in total.
 *
 * @param hits lookups answered by the cache
 * @param misses lookups the cache could not answer (absent, undecodable, or bypassed)
 * @param loads calls made to the store behind the cache to answer misses
 * @param leaseWaits times a reader found another reader's lease and waited for its fill
 * @param staleFillsPrevented fills refused because a write invalidated the key meanwhile, and
 *     batch-filled entries refused because a write committed after they were loaded
 * @param errors cache calls that failed (server down, timeout) and were served from the store
 */
public record KindStats(long hits, long misses, long loads, long leaseWaits,
    long staleFillsPrevented, long errors) {
  /** All zero. */
  public static final KindStats ZERO = new KindStats(0, 0, 0, 0, 0, 0);

  /** Rejects negative counts. */
  public KindStats {
    checkArgument(hits >= 0 && misses >= 0 && loads >= 0 && leaseWaits >= 0
        && staleFillsPrevented >= 0 && errors >= 0, "counts must not be negative");
  }

  /** Lookups in all: hits plus misses. */
  public long lookups() {
    return hits + misses;
  }

  /** Hits over lookups; 1.0 when there were no lookups (as Guava's CacheStats does). */
  public double hitRatio() {
    long lookups = lookups();
    return lookups == 0 ? 1.0 : (double) hits / lookups;
  }

  /** The sum of this and {@code other}. */
  public KindStats plus(KindStats other) {
    return new KindStats(hits + other.hits, misses + other.misses, loads + other.loads,
        leaseWaits + other.leaseWaits, staleFillsPrevented + other.staleFillsPrevented,
        errors + other.errors);
  }

  /** The difference of this and {@code other}, floored at zero (for "since" figures). */
  public KindStats minus(KindStats other) {
    return new KindStats(Math.max(0, hits - other.hits), Math.max(0, misses - other.misses),
        Math.max(0, loads - other.loads), Math.max(0, leaseWaits - other.leaseWaits),
        Math.max(0, staleFillsPrevented - other.staleFillsPrevented),
        Math.max(0, errors - other.errors));
  }
}
