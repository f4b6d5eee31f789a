package org.wikicache.memcache;

/**
 * Counters of a memcache, as memcached's {@code stats} command reports them, summed over every
 * server of a cluster.
 *
 * <p>{@code hits} and {@code misses} count keys looked up by {@code get}, {@code gets} and
 * {@code getMulti} (memcached's {@code get_hits} and {@code get_misses}); {@code items} is
 * {@code curr_items}, {@code bytes} the bytes used by items including memcached's per-item
 * overhead, {@code evictions} the live items removed to make room, {@code limitBytes} the memory
 * limit ({@code limit_maxbytes}).
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * <pre>{@code
 * CacheStats s = cache.getStats();
 * log.info("hit ratio {} over {} items", s.hitRatio(), s.items());
 * }</pre>
 *
 * @param hits keys found by get/gets/getMulti
 * @param misses keys not found by get/gets/getMulti
 * @param items items currently stored
 * @param bytes bytes currently used by items
 * @param evictions items evicted to make room
 * @param limitBytes the memory limit
 */
public record CacheStats(
    long hits, long misses, long items, long bytes, long evictions, long limitBytes) {

  /** Stats with every counter at zero. */
  public static final CacheStats EMPTY = new CacheStats(0, 0, 0, 0, 0, 0);

  /**
   * Validates the counters.
   *
   * @param hits keys found by get/gets/getMulti
   * @param misses keys not found by get/gets/getMulti
   * @param items items currently stored
   * @param bytes bytes currently used by items
   * @param evictions items evicted to make room
   * @param limitBytes the memory limit
   * @throws IllegalArgumentException if any counter is negative
   */
  public CacheStats {
    requireNonNegative(hits, "hits");
    requireNonNegative(misses, "misses");
    requireNonNegative(items, "items");
    requireNonNegative(bytes, "bytes");
    requireNonNegative(evictions, "evictions");
    requireNonNegative(limitBytes, "limitBytes");
  }

  private static void requireNonNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
  }

  /**
   * Returns the number of keys looked up.
   *
   * @return {@code hits + misses}, saturating at {@link Long#MAX_VALUE}
   */
  public long requests() {
    return saturatedAdd(hits, misses);
  }

  /**
   * Returns the share of looked-up keys that were found.
   *
   * @return {@code hits / (hits + misses)}, or {@code 1.0} when nothing was looked up (as
   *     Caffeine and Guava do)
   */
  public double hitRatio() {
    long requests = requests();
    return requests == 0 ? 1.0 : (double) hits / requests;
  }

  /**
   * Returns the sum of this and {@code other}, counter by counter (saturating at
   * {@link Long#MAX_VALUE}); used to sum the servers of a cluster.
   *
   * @param other the stats to add
   * @return a new {@code CacheStats}
   * @throws NullPointerException if {@code other} is null
   */
  public CacheStats plus(CacheStats other) {
    return new CacheStats(
        saturatedAdd(hits, other.hits),
        saturatedAdd(misses, other.misses),
        saturatedAdd(items, other.items),
        saturatedAdd(bytes, other.bytes),
        saturatedAdd(evictions, other.evictions),
        saturatedAdd(limitBytes, other.limitBytes));
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
