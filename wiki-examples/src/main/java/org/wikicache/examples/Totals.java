package org.wikicache.examples;

import java.util.concurrent.atomic.LongAdder;
import org.wikicache.core.RequestCost;

/** The sum of every request's {@link RequestCost} since start-up. Thread-safe. */
final class Totals {
  private final LongAdder requests = new LongAdder();
  private final LongAdder fromCache = new LongAdder();
  private final LongAdder storeQueries = new LongAdder();
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder cacheMisses = new LongAdder();

  /** Adds one finished request. */
  void add(RequestCost cost) {
    requests.increment();
    if (cost.servedFromCache()) {
      fromCache.increment();
    }
    storeQueries.add(cost.storeQueries());
    cacheHits.add(cost.cacheHits());
    cacheMisses.add(cost.cacheMisses());
  }

  long requests() {
    return requests.sum();
  }

  long servedFromCache() {
    return fromCache.sum();
  }

  long storeQueries() {
    return storeQueries.sum();
  }

  long cacheHits() {
    return cacheHits.sum();
  }

  long cacheMisses() {
    return cacheMisses.sum();
  }
}
