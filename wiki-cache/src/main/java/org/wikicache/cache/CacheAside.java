package org.wikicache.cache;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.wikicache.memcache.CasValue;

/**
 * The read path shared by every decorator: cache-aside with leases, single flight and stale-set
 * protection.
 *
 * <p>Every cached value is wrapped in a one-byte envelope: a value, an "absent" marker (negative
 * caching), a lease marker holding a random token, or a <em>checked</em> entry: a value or
 * absent marker stored by a blind batch {@code setMulti}, together with the key's write counter
 * as it was read before the value was loaded. A checked entry is only used if the counter still
 * holds that value: a writer bumps the counter after it commits and before it returns, so a
 * checked entry that predates a returned write is never served, even for a moment. A miss takes a lease with {@code add},
 * reads the lease's CAS id, loads from the store and fills with {@code cas}: a write that commits
 * meanwhile deletes the key, so the {@code cas} fails and the old value is never stored.
 *
 * <p>Concurrent misses of one key in this JVM share one load (a "flight"). A joiner may only take
 * the flight's result if the result is known to be as new as the joiner's own start: each flight
 * numbers its joiners, and the leader records how many had joined just before the operation that
 * proves the result fresh (the {@code cas} that filled it, the store read, or the cache read). A
 * joiner that came later starts over. That keeps the promise "whoever saw a save return reads
 * that revision or a newer one" with one store load for a herd of readers.
 */
final class CacheAside {
  private static final byte VALUE = 'V';
  private static final byte ABSENT = 'N';
  private static final byte LEASE = 'L';
  private static final byte CHECKED = 'U';
  private static final int MAX_RESTARTS = 3;
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final CacheGuard guard;
  private final Metrics metrics;
  private final Duration leaseTtl;
  private final Duration leaseWait;
  private final boolean leases;
  private final @Nullable NearCache near;
  private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();
  private final AtomicLong tokens = new AtomicLong(ThreadLocalRandom.current().nextLong());

  CacheAside(CacheGuard guard, Metrics metrics, Duration leaseTtl, Duration leaseWait,
      boolean leases, @Nullable NearCache near) {
    this.guard = guard;
    this.metrics = metrics;
    this.leaseTtl = leaseTtl;
    this.leaseWait = leaseWait;
    this.leases = leases;
    this.near = near;
  }

  CacheGuard guard() {
    return guard;
  }

  /** A value loaded for a flight, and through which joiner it is fresh enough. */
  private record Outcome(Optional<?> value, long freshThrough, boolean fromCache) {}

  private static final class Flight {
    final CompletableFuture<Outcome> result = new CompletableFuture<>();
    final AtomicLong joiners = new AtomicLong();
  }

  /**
   * Reads {@code key}: from the cache if there, else from {@code loader} (once per key for all
   * concurrent callers of this JVM), filling the cache through a lease.
   *
   * @param ttl expiry of a present value ({@link Duration#ZERO}: none)
   * @param absentTtl expiry of an "absent" marker; null to never cache absence
   * @param immutable true if a value never changes once it exists (revisions): no lease needed
   */
  <T> Optional<T> get(EntityKind kind, String key, Codec<T> codec,
      Supplier<Optional<T>> loader, Duration ttl, @Nullable Duration absentTtl,
      boolean immutable) {
    return get(kind, key, null, codec, loader, ttl, absentTtl, immutable);
  }

  /**
   * As {@link #get(EntityKind, String, Codec, Supplier, Duration, Duration, boolean)}, for a key
   * that batch reads may fill: {@code counterKey} is its write counter, read (one more cache
   * call) only when the cached entry is a checked one.
   */
  <T> Optional<T> get(EntityKind kind, String key, @Nullable String counterKey, Codec<T> codec,
      Supplier<Optional<T>> loader, Duration ttl, @Nullable Duration absentTtl,
      boolean immutable) {
    if (near != null) {
      Optional<T> local = near.get(key);
      if (local != null) {
        metrics.hit(kind);
        return local;
      }
    }
    for (int restart = 0; ; restart++) {
      if (!guard.readable() || restart >= MAX_RESTARTS) {
        metrics.miss(kind);
        return load(kind, loader);
      }
      byte[] bytes = guard.get(kind, key);
      if (bytes != null) {
        Optional<T> cached = decodeValue(kind, key, bytes, codec, counterReader(kind, counterKey));
        if (cached != null) {
          metrics.hit(kind);
          remember(key, cached);
          return cached;
        }
      }
      Flight flight = new Flight();
      Flight existing = flights.putIfAbsent(key, flight);
      if (existing != null) {
        long ticket = existing.joiners.incrementAndGet();
        Outcome outcome = await(existing);
        if (ticket <= outcome.freshThrough()) {
          countOutcome(kind, outcome);
          @SuppressWarnings("unchecked")
          Optional<T> value = (Optional<T>) outcome.value();
          return value;
        }
        continue;  // the flight's result may predate this caller's start: look again
      }
      try {
        Outcome outcome =
            lead(kind, key, counterKey, codec, loader, ttl, absentTtl, immutable, flight);
        flight.result.complete(outcome);
        countOutcome(kind, outcome);
        @SuppressWarnings("unchecked")
        Optional<T> value = (Optional<T>) outcome.value();
        return value;
      } catch (RuntimeException | Error e) {
        flight.result.completeExceptionally(e);
        throw e;
      } finally {
        flights.remove(key, flight);
      }
    }
  }

  private <T> Outcome lead(EntityKind kind, String key, @Nullable String counterKey,
      Codec<T> codec, Supplier<Optional<T>> loader, Duration ttl, @Nullable Duration absentTtl,
      boolean immutable, Flight flight) {
    if (immutable || !leases) {
      long freshThrough = immutable ? Long.MAX_VALUE : flight.joiners.get();
      Optional<T> value = load(kind, loader);
      if (value.isPresent() || absentTtl != null) {
        byte[] bytes = encode(value, codec);
        Duration expiry = value.isPresent() ? ttl : absentTtl;
        if (immutable) {
          guard.add(kind, key, bytes, expiry);
        } else {
          guard.set(kind, key, bytes, expiry);  // unsafe on purpose: see Builder#withoutLeases
        }
      }
      remember(key, value);
      return new Outcome(value, freshThrough, false);
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      byte[] token = newLease();
      if (guard.add(kind, key, token, leaseTtl)) {
        CasValue mine = guard.gets(kind, key);
        long freshThrough = flight.joiners.get();
        Optional<T> value = load(kind, loader);
        if (mine != null && Arrays.equals(mine.value(), token)) {
          if (value.isEmpty() && absentTtl == null) {
            return new Outcome(value, freshThrough, false);  // the lease expires by itself
          }
          long casThrough = flight.joiners.get();
          if (guard.cas(kind, key, encode(value, codec), mine.casId(),
              value.isPresent() ? ttl : absentTtl)) {
            remember(key, value);
            return new Outcome(value, casThrough, false);
          }
          metrics.staleFillPrevented(kind);  // a write deleted our lease: it is newer than us
        }
        return new Outcome(value, freshThrough, false);
      }
      if (!guard.readable()) {
        break;
      }
      // Someone else holds the lease (or just filled): wait briefly for their value.
      metrics.leaseWait(kind);
      long deadline = System.nanoTime() + leaseWait.toNanos();
      while (System.nanoTime() < deadline) {
        LockSupport.parkNanos(POLL_NANOS);
        long freshThrough = flight.joiners.get();
        byte[] bytes = guard.get(kind, key);
        if (bytes == null) {
          break;  // lease gone without a value (deleted by a write): try to take it
        }
        Optional<T> cached = decodeValue(kind, key, bytes, codec, counterReader(kind, counterKey));
        if (cached != null) {
          remember(key, cached);
          return new Outcome(cached, freshThrough, true);
        }
      }
    }
    long freshThrough = flight.joiners.get();
    return new Outcome(load(kind, loader), freshThrough, false);
  }

  /** Reads a write counter on demand, or null when the key has none. */
  private @Nullable Supplier<byte @Nullable []> counterReader(EntityKind kind,
      @Nullable String counterKey) {
    return counterKey == null ? null : () -> guard.get(kind, counterKey);
  }

  /**
   * The value in {@code bytes}: present, absent, or null when the bytes hold no usable value (a
   * lease; a checked entry whose write counter moved, which is deleted; undecodable bytes, which
   * are deleted).
   *
   * @param counter reads the key's write counter now; null if the key has none
   */
  @Nullable <T> Optional<T> decodeValue(EntityKind kind, String key, byte[] bytes,
      Codec<T> codec, @Nullable Supplier<byte @Nullable []> counter) {
    if (bytes.length >= 2 && bytes[0] == CHECKED) {
      int length = bytes[1] & 0xff;
      if (bytes.length < 2 + length) {
        guard.discard(kind, key);
        return null;
      }
      if (counter == null) {
        return null;  // cannot be checked here: a miss, left for readers that can
      }
      byte[] now = counter.get();
      byte[] then = length == 0 ? null : Arrays.copyOfRange(bytes, 2, 2 + length);
      if (!Arrays.equals(then, now)) {
        metrics.staleFillPrevented(kind);
        guard.discard(kind, key);  // a write committed after this value was loaded
        return null;
      }
      return decodePlain(kind, key, bytes, 2 + length, codec);
    }
    return decodePlain(kind, key, bytes, 0, codec);
  }

  /** A value, absent or lease envelope starting at {@code at}; see {@link #decodeValue}. */
  private @Nullable <T> Optional<T> decodePlain(EntityKind kind, String key, byte[] bytes,
      int at, Codec<T> codec) {
    int length = bytes.length - at;
    if (length >= 1 && bytes[at] == VALUE) {
      try {
        return Optional.of(codec.decode(bytes, at + 1));
      } catch (CodecException e) {
        guard.discard(kind, key);
        return null;
      }
    }
    if (length == 1 && bytes[at] == ABSENT) {
      return Optional.empty();
    }
    if (length >= 1 && bytes[at] == LEASE) {
      return null;
    }
    guard.discard(kind, key);  // foreign or corrupt bytes
    return null;
  }

  /**
   * A checked entry: {@code envelope} (a value or absent marker) valid only while the key's
   * write counter still holds {@code counter} (null: the counter did not exist).
   */
  static byte[] checked(byte @Nullable [] counter, byte[] envelope) {
    int length = counter == null ? 0 : counter.length;
    if (length > 255) {
      throw new IllegalArgumentException("write counter too long");
    }
    byte[] bytes = new byte[2 + length + envelope.length];
    bytes[0] = CHECKED;
    bytes[1] = (byte) length;
    if (counter != null) {
      System.arraycopy(counter, 0, bytes, 2, length);
    }
    System.arraycopy(envelope, 0, bytes, 2 + length, envelope.length);
    return bytes;
  }

  /** The envelope of a present value. */
  static <T> byte[] encodeValue(T value, Codec<T> codec) {
    byte[] payload = codec.encode(value);
    byte[] bytes = new byte[payload.length + 1];
    bytes[0] = VALUE;
    System.arraycopy(payload, 0, bytes, 1, payload.length);
    return bytes;
  }

  static <T> byte[] encode(Optional<T> value, Codec<T> codec) {
    return value.isPresent() ? encodeValue(value.get(), codec) : new byte[] {ABSENT};
  }

  private byte[] newLease() {
    long a = tokens.incrementAndGet();
    long b = ThreadLocalRandom.current().nextLong();
    byte[] token = new byte[17];
    token[0] = LEASE;
    for (int i = 0; i < 8; i++) {
      token[1 + i] = (byte) (a >>> (8 * i));
      token[9 + i] = (byte) (b >>> (8 * i));
    }
    return token;
  }

  <T> Optional<T> load(EntityKind kind, Supplier<Optional<T>> loader) {
    metrics.load(kind);
    return loader.get();
  }

  private void countOutcome(EntityKind kind, Outcome outcome) {
    if (outcome.fromCache()) {
      metrics.hit(kind);
    } else {
      metrics.miss(kind);
    }
  }

  private static Outcome await(Flight flight) {
    try {
      return flight.result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  void remember(String key, Optional<?> value) {
    if (near != null) {
      near.put(key, value);
    }
  }

  void forgetLocally(Iterable<String> keys) {
    if (near != null) {
      near.invalidate(keys);
    }
  }
}
