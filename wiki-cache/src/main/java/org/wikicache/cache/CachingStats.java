package org.wikicache.cache;

import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of what the caching layer did, per {@link EntityKind} and in total.
 *
 * <pre>{@code
 * CachingStats stats = caching.stats();
 * stats.kind(EntityKind.PAGE).hitRatio();
 * stats.total().loads();
 * }</pre>
 *
 * @param byKind the figures for each kind (every kind present)
 * @param breakerOpen whether the circuit breaker is currently bypassing the cache
 * @param pendingInvalidations invalidations waiting for the cache to come back
 */
public record CachingStats(Map<EntityKind, KindStats> byKind, boolean breakerOpen,
    int pendingInvalidations) {
  /** Copies the map, filling absent kinds with zeros. */
  public CachingStats {
    EnumMap<EntityKind, KindStats> copy = new EnumMap<>(EntityKind.class);
    for (EntityKind kind : EntityKind.values()) {
      copy.put(kind, byKind.getOrDefault(kind, KindStats.ZERO));
    }
    byKind = Map.copyOf(copy);
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
}
