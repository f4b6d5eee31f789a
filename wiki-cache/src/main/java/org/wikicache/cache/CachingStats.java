package org.wikicache.cache;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of what the caching layer did, per {@link EntityKind} and in total, and what its
 * invalidation relays did.
 *
 * <pre>{@code
 * CachingStats stats = caching.stats();
 * stats.kind(EntityKind.PAGE).hitRatio();
 * stats.total().loads();
 * stats.relay().deliveryLatencyP99();
 * }</pre>
 *
 * @param byKind the figures for each kind (every kind present)
 * @param breakerOpen whether the circuit breaker is currently bypassing the cache
 * @param relay what the invalidation relays did
 * @param valuesTooLarge values not cached because they were larger than the cache takes (a
 *     marker says so instead, and readers go to the store)
 */
public record CachingStats(Map<EntityKind, KindStats> byKind, boolean breakerOpen,
    RelayStats relay, long valuesTooLarge) {
  /** Copies the map, filling absent kinds with zeros. */
  public CachingStats {
    EnumMap<EntityKind, KindStats> copy = new EnumMap<>(EntityKind.class);
    for (EntityKind kind : EntityKind.values()) {
      copy.put(kind, byKind.getOrDefault(kind, KindStats.ZERO));
    }
    byKind = Map.copyOf(copy);
    requireNonNull(relay, "relay");
  }

  /** The figures of one kind. */
  public KindStats kind(EntityKind kind) {
    return byKind.get(kind);
  }

  /** The sum over all kinds. */
  public KindStats total() {
    KindStats total = KindStats.ZERO;
    for (KindStats stats : byKind.values()) {
      total = total.plus(stats);
    }
    return total;
  }

  /**
   * Invalidations read from the change log but not yet delivered to the cache (while the cache
   * is unreachable, say): the relays' backlog. While it is not zero the layer reads the store.
   */
  public long pendingInvalidations() {
    return relay.backlog();
  }
}
