package org.wikicache.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.memcache.CasValue;

/**
 * Every cache call of the caching layer goes through here, so that a cache fault never fails a
 * user's call: a failed call is counted, logged (at most once per interval) and answered with a
 * fallback (a miss, "not stored"), and the caller goes to the store.
 *
 * <p>After {@code failureThreshold} consecutive failures a circuit breaker opens: calls skip the
 * cache without waiting on a dead server, and a background thread probes it every
 * {@code openFor}. Invalidations that could not be delivered are kept and delivered by the probe
 * before the breaker closes; until then reads keep bypassing the cache, so a server that comes
 * back with old entries (after a pause, say) never serves a page older than the latest edit.
 */
final class CacheGuard implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CacheGuard.class);
  private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
  /** Past this many undelivered invalidations, recovery flushes the whole cache instead. */
  static final int MAX_PENDING = 100_000;

  private final MemcacheClient client;
  private final Metrics metrics;
  private final int failureThreshold;
  private final Duration openFor;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean pendingOverflowed = new AtomicBoolean();
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicBoolean open = new AtomicBoolean();
  private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
  private final AtomicLong suppressedLogs = new AtomicLong();
  private final ScheduledExecutorService prober;

  CacheGuard(MemcacheClient client, Metrics metrics, int failureThreshold, Duration openFor) {
    this.client = client;
    this.metrics = metrics;
    this.failureThreshold = failureThreshold;
    this.openFor = openFor;
    this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "wikicache-breaker-probe");
      t.setDaemon(true);
      return t;
    });
  }

  MemcacheClient client() {
    return client;
  }

  /** True if reads may use the cache: the breaker is closed and no invalidation is pending. */
  boolean readable() {
    return !open.get() && pending.isEmpty() && !pendingOverflowed.get();
  }

  boolean isOpen() {
    return open.get();
  }

  int pendingCount() {
    return pending.size();
  }

  @Nullable byte[] get(EntityKind kind, String key) {
    return call(kind, () -> client.get(key), null);
  }

  @Nullable CasValue gets(EntityKind kind, String key) {
    return call(kind, () -> client.gets(key), null);
  }

  /** The hits among {@code keys}, or null if the cache failed (unlike an empty map). */
  @Nullable Map<String, byte[]> getMulti(EntityKind kind, Collection<String> keys) {
    return call(kind, () -> client.getMulti(keys), null);
  }

  boolean add(EntityKind kind, String key, byte[] value, Duration ttl) {
    return call(kind, () -> client.add(key, value, ttl), false);
  }

  boolean cas(EntityKind kind, String key, byte[] value, long casId, Duration ttl) {
    return call(kind, () -> client.cas(key, value, casId, ttl), false);
  }

  void set(EntityKind kind, String key, byte[] value, Duration ttl) {
    call(kind, () -> client.set(key, value, ttl), false);
  }

  void setMulti(EntityKind kind, Map<String, byte[]> values, Duration ttl) {
    call(kind, () -> client.setMulti(values, ttl), Set.of());
  }

  /** Deletes a value that is merely unusable (undecodable); failure needs no retry. */
  void discard(EntityKind kind, String key) {
    call(kind, () -> client.delete(key), false);
  }

  /**
   * Deletes keys whose values a write made stale. If the cache cannot be told now, the keys are
   * kept and deleted when it is back, before reads use it again.
   */
  void invalidate(EntityKind kind, Collection<String> keys) {
    if (keys.isEmpty()) {
      return;
    }
    if (open.get() || !pending.isEmpty()) {
      addPending(keys);
      return;
    }
    boolean[] delivered = {false};
    call(kind, () -> {
      client.deleteMulti(keys);
      delivered[0] = true;
      return null;
    }, null);
    if (!delivered[0]) {
      addPending(keys);
    }
  }

  /**
   * Adds {@code delta} to a counter, creating it at {@code initial} if absent. Returns the new
   * value, or null if the cache failed, in which case the counter is scheduled for deletion (a
   * deleted counter restarts from a fresh value, which is what its readers need).
   */
  @Nullable Long bump(EntityKind kind, String key, Supplier<Long> initial, Duration ttl) {
    for (int attempt = 0; attempt < 3; attempt++) {
      boolean[] failed = {false};
      Long value = call(kind, () -> {
        var next = client.incr(key, 1);
        if (next.isPresent()) {
          return next.getAsLong();
        }
        long start = initial.get();
        return client.add(key, Long.toUnsignedString(start).getBytes(
            java.nio.charset.StandardCharsets.US_ASCII), ttl) ? start : null;
      }, null, failed);
      if (value != null) {
        return value;
      }
      if (failed[0]) {
        break;
      }
      // Lost a race to create it: the next incr sees the winner's counter.
    }
    addPending(List.of(key));
    return null;
  }

  private void addPending(Collection<String> keys) {
    if (pending.size() + keys.size() > MAX_PENDING) {
      pendingOverflowed.set(true);
    } else {
      pending.addAll(keys);
    }
    openBreaker();
  }

  private <T> T call(EntityKind kind, Supplier<T> op, T fallback) {
    return call(kind, op, fallback, null);
  }

  private <T> T call(EntityKind kind, Supplier<T> op, T fallback, boolean @Nullable [] failed) {
    if (open.get()) {
      if (failed != null) {
        failed[0] = true;
      }
      return fallback;
    }
    try {
      T result = op.get();
      consecutiveFailures.set(0);
      return result;
    } catch (IllegalArgumentException e) {
      throw e;  // our own bug (a bad key): never hide it
    } catch (RuntimeException e) {
      metrics.error(kind);
      logRateLimited(e);
      if (consecutiveFailures.incrementAndGet() >= failureThreshold) {
        openBreaker();
      }
      if (failed != null) {
        failed[0] = true;
      }
      return fallback;
    }
  }

  private void openBreaker() {
    if (open.compareAndSet(false, true)) {
      LOG.warn("cache unavailable: bypassing it, probing every {} ms", openFor.toMillis());
      scheduleProbe();
    }
  }

  private void scheduleProbe() {
    try {
      prober.schedule(this::probe, openFor.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // shut down: nothing left to recover
    }
  }

  /** Delivers pending invalidations; closes the breaker only when all are delivered. */
  private void probe() {
    try {
      if (pendingOverflowed.get()) {
        client.flushAll();
        pending.clear();
        pendingOverflowed.set(false);
      }
      List<String> batch = new ArrayList<>(pending);
      if (batch.isEmpty()) {
        client.get(CacheKeys.PREFIX + "probe");
      } else {
        for (int from = 0; from < batch.size(); from += 1000) {
          List<String> chunk = batch.subList(from, Math.min(batch.size(), from + 1000));
          client.deleteMulti(chunk);
          chunk.forEach(pending::remove);
        }
      }
      if (pending.isEmpty()) {
        consecutiveFailures.set(0);
        open.set(false);
        LOG.info("cache is back: {} invalidations delivered, reads use it again", batch.size());
        if (!pending.isEmpty() || pendingOverflowed.get()) {
          openBreaker();  // an invalidation slipped in while closing: deliver it first
        }
        return;
      }
    } catch (RuntimeException e) {
      logRateLimited(e);
    }
    scheduleProbe();
  }

  private void logRateLimited(RuntimeException e) {
    long now = System.nanoTime();
    long last = lastLogNanos.get();
    if (now - last >= LOG_INTERVAL_NANOS && lastLogNanos.compareAndSet(last, now)) {
      long suppressed = suppressedLogs.getAndSet(0);
      LOG.warn("cache call failed, served from the store ({} similar failures not logged): {}",
          suppressed, e.toString());
    } else {
      suppressedLogs.incrementAndGet();
    }
  }

  @Override
  public void close() {
    prober.shutdownNow();
  }
}
