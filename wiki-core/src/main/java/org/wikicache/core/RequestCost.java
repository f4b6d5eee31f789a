package org.wikicache.core;

import org.jspecify.annotations.Nullable;

/**
 * What the current thread's unit of work (typically one HTTP request) has cost so far: store
 * queries run, cache hits and misses. Stores and caches {@linkplain #recordStoreQuery() record}
 * into it as they work; a server {@linkplain #begin() begins} one per request and shows it, so a
 * page can say "served from cache, 0 queries".
 *
 * <p>Recording when no unit of work has begun on the thread costs a thread-local read and does
 * nothing else. Each instance belongs to one thread and is not thread-safe; work handed to other
 * threads is not counted.
 *
 * <pre>{@code
 * try (RequestCost cost = RequestCost.begin()) {
 *   wiki.view(name);
 *   footer = cost.cacheHits() + " hits, " + cost.storeQueries() + " queries";
 * }
 * }</pre>
 */
public final class RequestCost implements AutoCloseable {
  private static final ThreadLocal<RequestCost> CURRENT = new ThreadLocal<>();

  private final @Nullable RequestCost previous;
  private long storeQueries;
  private long cacheHits;
  private long cacheMisses;

  private RequestCost(@Nullable RequestCost previous) {
    this.previous = previous;
  }

  /** Starts counting on this thread (nested units restore the outer one on close). */
  public static RequestCost begin() {
    RequestCost cost = new RequestCost(CURRENT.get());
    CURRENT.set(cost);
    return cost;
  }

  /** Counts one statement sent to the store. */
  public static void recordStoreQuery() {
    RequestCost cost = CURRENT.get();
    if (cost != null) {
      cost.storeQueries++;
    }
  }

  /** Counts one cache lookup that was answered from the cache. */
  public static void recordCacheHit() {
    RequestCost cost = CURRENT.get();
    if (cost != null) {
      cost.cacheHits++;
    }
  }

  /** Counts one cache lookup that missed. */
  public static void recordCacheMiss() {
    RequestCost cost = CURRENT.get();
    if (cost != null) {
      cost.cacheMisses++;
    }
  }

  /** Statements sent to the store in this unit of work. */
  public long storeQueries() {
    return storeQueries;
  }

  /** Cache lookups answered from the cache in this unit of work. */
  public long cacheHits() {
    return cacheHits;
  }

  /** Cache lookups that missed in this unit of work. */
  public long cacheMisses() {
    return cacheMisses;
  }

  /** True if the cache answered and the store was not asked. */
  public boolean servedFromCache() {
    return cacheHits > 0 && storeQueries == 0;
  }

  /** Stops counting; the thread goes back to the enclosing unit of work, if any. */
  @Override
  public void close() {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
