package org.wikicache.cache;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.wikicache.core.RequestCost;

/** The live counters behind {@link CachingStats}; cheap under contention (LongAdder). */
final class Metrics {
  private static final class Counters {
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder loads = new LongAdder();
    final LongAdder leaseWaits = new LongAdder();
    final LongAdder staleFillsPrevented = new LongAdder();
    final LongAdder errors = new LongAdder();
  }

  private final EnumMap<EntityKind, Counters> counters = new EnumMap<>(EntityKind.class);
  private final LongAdder tooLarge = new LongAdder();

  Metrics() {
    for (EntityKind kind : EntityKind.values()) {
      counters.put(kind, new Counters());
    }
  }

  void hit(EntityKind kind) {
    counters.get(kind).hits.increment();
    RequestCost.recordCacheHit();
  }

  void hits(EntityKind kind, int n) {
    counters.get(kind).hits.add(n);
    for (int i = 0; i < n; i++) {
      RequestCost.recordCacheHit();
    }
  }

  void miss(EntityKind kind) {
    counters.get(kind).misses.increment();
    RequestCost.recordCacheMiss();
  }

  void misses(EntityKind kind, int n) {
    counters.get(kind).misses.add(n);
    for (int i = 0; i < n; i++) {
      RequestCost.recordCacheMiss();
    }
  }

  void load(EntityKind kind) {
    counters.get(kind).loads.increment();
  }

  void leaseWait(EntityKind kind) {
    counters.get(kind).leaseWaits.increment();
  }

  void staleFillPrevented(EntityKind kind) {
    counters.get(kind).staleFillsPrevented.increment();
  }

  void tooLarge() {
    tooLarge.increment();
  }

  long tooLargeCount() {
    return tooLarge.sum();
  }

  void error(EntityKind kind) {
    counters.get(kind).errors.increment();
  }

  Map<EntityKind, KindStats> snapshot() {
    Map<EntityKind, KindStats> out = new EnumMap<>(EntityKind.class);
    counters.forEach((kind, c) -> out.put(kind, new KindStats(c.hits.sum(), c.misses.sum(),
        c.loads.sum(), c.leaseWaits.sum(), c.staleFillsPrevented.sum(), c.errors.sum())));
    return out;
  }
}
