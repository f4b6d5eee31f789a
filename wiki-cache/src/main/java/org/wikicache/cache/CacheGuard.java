package org.wikicache.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wikicache.memcache.CasValue;
import org.wikicache.memcache.MemcacheClient;

/**
 * Every cache call of the caching layer goes through here, so that a cache fault never fails a
 * user's call: a failed call is counted, logged (at most once per interval) and answered with a
 * fallback (a miss, "not stored"), and the caller goes to the store.
 *
 * <p>After {@code failureThreshold} consecutive failures a circuit breaker opens: calls skip the
 * cache without waiting on a dead server, and a background thread probes it every
 * {@code openFor}. When a probe succeeds the breaker closes and the relays are told, so they
 * deliver what they could not while it was open; reads use the cache again only once every relay
 * is in step ({@link #readable()}).
 */
final class CacheGuard implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CacheGuard.class);
  private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final int DELETE_CHUNK = 1000;
  private static final Object FAILED = new Object();

  private final MemcacheClient client;
  private final Metrics metrics;
  private final int failureThreshold;
  private final Duration openFor;
  private final String probeKey;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicBoolean open = new AtomicBoolean();
  private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
  private final AtomicLong suppressedLogs = new AtomicLong();
  private final ScheduledExecutorService prober;
  private volatile LongPredicate relaysInStep = now -> false;
  private volatile Runnable onOpen = () -> {};
  private volatile Runnable onClose = () -> {};

  CacheGuard(MemcacheClient client, Metrics metrics, int failureThreshold, Duration openFor,
      String probeKey) {
    this.client = client;
    this.metrics = metrics;
    this.failureThreshold = failureThreshold;
    this.openFor = openFor;
    this.probeKey = probeKey;
    this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "wikicache-breaker-probe");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Wires the relays: whether all are in step, what to do when the breaker opens (invalidations
   * may now go undelivered) and when it closes (deliver them).
   */
  void relays(LongPredicate inStep, Runnable onOpen, Runnable onClose) {
    this.relaysInStep = inStep;
    this.onOpen = onOpen;
    this.onClose = onClose;
  }

  MemcacheClient client() {
    return client;
  }

  /**
   * True if reads may use the cache: the breaker is closed, and every relay has delivered every
   * change it knows of and holds a live lease.
   */
  boolean readable() {
    return !open.get() && relaysInStep.test(System.nanoTime());
  }

  /** True unless the breaker is open: writes and deliveries may be tried. */
  boolean linkUp() {
    return !open.get();
  }

  boolean isOpen() {
    return open.get();
  }

  byte @Nullable [] get(EntityKind kind, String key) {
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

  /** Stores {@code value}; true if the cache took the call. */
  boolean set(EntityKind kind, String key, byte[] value, Duration ttl) {
    return call(kind, () -> client.set(key, value, ttl), FAILED) != FAILED;
  }

  /** Runs {@code task} every {@code period} on the probe thread, until closed. */
  void every(Duration period, Runnable task) {
    prober.scheduleWithFixedDelay(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        logRateLimited(e);
      }
    }, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Stores every value; true if the cache took the call (some values may not be stored). */
  boolean setMulti(EntityKind kind, Map<String, byte[]> values, Duration ttl) {
    return call(kind, () -> client.setMulti(values, ttl), FAILED) != FAILED;
  }

  /** Deletes a value that is merely unusable (undecodable); failure needs no retry. */
  void discard(EntityKind kind, String key) {
    call(kind, () -> client.delete(key), false);
  }

  /**
   * Deletes {@code keys} (in chunks of a thousand); true only if the cache confirmed every chunk.
   * A failure counts towards the breaker like any other.
   */
  boolean deleteAll(EntityKind kind, List<String> keys) {
    for (int from = 0; from < keys.size(); from += DELETE_CHUNK) {
      List<String> chunk = keys.subList(from, Math.min(keys.size(), from + DELETE_CHUNK));
      if (call(kind, () -> client.deleteMulti(chunk), FAILED) == FAILED) {
        return false;
      }
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private <T> T call(EntityKind kind, Supplier<? extends T> op, Object fallback) {
    if (open.get()) {
      return (T) fallback;
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
      return (T) fallback;
    }
  }

  /** Opens the breaker now (a delivery failed: the relays must not trust the link). */
  void openBreaker() {
    if (open.compareAndSet(false, true)) {
      LOG.warn("cache unavailable: bypassing it, probing every {} ms", openFor.toMillis());
      onOpen.run();
      scheduleProbe();
    }
  }

  private void scheduleProbe() {
    try {
      prober.schedule(this::probe, openFor.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      // shut down: nothing left to recover
    }
  }

  /** Closes the breaker once the cache answers; the relays then catch up before reads resume. */
  private void probe() {
    try {
      client.get(probeKey);
      consecutiveFailures.set(0);
      open.set(false);
      LOG.info("cache is back: relays deliver what they missed, then reads use it again");
      onClose.run();
      return;
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
