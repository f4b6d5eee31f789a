package org.wikicache.cache;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * caching), a "too large" marker (the value is bigger than the cache takes: read the store), a
 * lease marker holding a random token, or a <em>checked</em> entry: one of the first three stored
 * by a blind batch {@code setMulti}, together with the key's write token as it was before the
 * value was loaded. A checked entry is only used while the write token still holds that value:
 * every change of the key deletes its token (before the write returns), and an absent token never
 * validates anything, so a checked entry that predates a returned write is never served. A miss
 * takes a lease with {@code add}, reads the lease's CAS id, loads from the store and fills with
 * {@code cas}: a write that commits meanwhile deletes the key, so the {@code cas} fails and the
 * old value is never stored.
 *
 * <p>Concurrent misses of one key in this JVM share one load (a "flight"). A joiner may only take
 * the flight's result if the result is known to be as new as the joiner's own start: each flight
 * numbers its joiners, and the leader records how many had joined just before the operation that
 * proves the result fresh (the {@code cas} that filled it, the store read, or the cache read). A
 * joiner that came later starts over, and a joiner waits for a leader at most the lease wait: a
 * leader stuck in a slow load never holds up more than its own call.
 */
final class CacheAside {
  private static final byte VALUE = 'V';
  private static final byte ABSENT = 'N';
  private static final byte TOO_LARGE = 'T';
  private static final byte LEASE = 'L';
  private static final byte CHECKED = 'U';
  private static final int MAX_RESTARTS = 3;
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  /** What a cache entry said. */
  enum State { MISS, PRESENT, ABSENT, TOO_LARGE }

  /**
   * The outcome of decoding a cache entry: a usable value (present or absent), "too large, read
   * the store", or a miss (nothing usable: a lease, a stale checked entry, undecodable bytes).
   */
  record Lookup<T>(State state, @Nullable T value) {
    private static final Lookup<?> MISS = new Lookup<>(State.MISS, null);
    private static final Lookup<?> GONE = new Lookup<>(State.ABSENT, null);
    private static final Lookup<?> LARGE = new Lookup<>(State.TOO_LARGE, null);

    @SuppressWarnings("unchecked")
    static <T> Lookup<T> miss() {
      return (Lookup<T>) MISS;
    }

    @SuppressWarnings("unchecked")
    static <T> Lookup<T> of(Optional<T> value) {
      return value.isPresent() ? new Lookup<>(State.PRESENT, value.get()) : (Lookup<T>) GONE;
    }

    @SuppressWarnings("unchecked")
    static <T> Lookup<T> tooLarge() {
      return (Lookup<T>) LARGE;
    }

    /** True for a usable answer: present or absent. */
    boolean isHit() {
      return state == State.PRESENT || state == State.ABSENT;
    }

    Optional<T> optional() {
      return Optional.ofNullable(value);
    }
  }

  private final CacheGuard guard;
  private final Metrics metrics;
  private final Duration leaseTtl;
  private final Duration leaseWait;
  private final int maxValueBytes;
  private final boolean leases;
  private final @Nullable NearCache near;
  private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();
  private final AtomicLong tokens = new AtomicLong(ThreadLocalRandom.current().nextLong());

  CacheAside(CacheGuard guard, Metrics metrics, Duration leaseTtl, Duration leaseWait,
      int maxValueBytes, boolean leases, @Nullable NearCache near) {
    this.guard = guard;
    this.metrics = metrics;
    this.leaseTtl = leaseTtl;
    this.leaseWait = leaseWait;
    this.maxValueBytes = maxValueBytes;
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
   * @param tokenKey the key's write token, if batch reads may fill it (read only when the
   *     cached entry is a checked one)
   * @param ttl expiry of a present value ({@link Duration#ZERO}: none)
   * @param absentTtl expiry of an "absent" marker; null to never cache absence
   * @param immutable true if a value never changes once it exists (revisions): no lease needed
   */
  <T> Optional<T> get(EntityKind kind, String key, @Nullable String tokenKey, Codec<T> codec,
      Supplier<Optional<T>> loader, Duration ttl, @Nullable Duration absentTtl,
      boolean immutable) {
    if (near != null && guard.readable()) {
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
      long epoch = epoch(key);
      byte[] bytes = guard.get(kind, key);
      if (bytes != null) {
        Lookup<T> cached = decode(kind, key, bytes, codec, tokenReader(kind, tokenKey));
        if (cached.isHit()) {
          metrics.hit(kind);
          remember(key, cached.optional(), epoch);
          return cached.optional();
        }
        if (cached.state() == State.TOO_LARGE) {
          metrics.miss(kind);
          return load(kind, loader);
        }
      }
      Flight flight = new Flight();
      Flight existing = flights.putIfAbsent(key, flight);
      if (existing != null) {
        long ticket = existing.joiners.incrementAndGet();
        Outcome outcome = await(existing);
        if (outcome == null) {  // the leader is slow: do not wait longer than a lease wait
          metrics.miss(kind);
          return load(kind, loader);
        }
        if (ticket <= outcome.freshThrough()) {
          countOutcome(kind, outcome);
          @SuppressWarnings("unchecked")
          Optional<T> value = (Optional<T>) outcome.value();
          return value;
        }
        continue;  // the flight's result may predate this caller's start: look again
      }
      try {
        Outcome outcome = lead(kind, key, tokenKey, codec, loader, ttl, absentTtl, immutable,
            flight, epoch);
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

  private <T> Outcome lead(EntityKind kind, String key, @Nullable String tokenKey,
      Codec<T> codec, Supplier<Optional<T>> loader, Duration ttl, @Nullable Duration absentTtl,
      boolean immutable, Flight flight, long epoch) {
    if (immutable || !leases) {
      long freshThrough = immutable ? Long.MAX_VALUE : flight.joiners.get();
      Optional<T> value = load(kind, loader);
      byte[] bytes = encode(value, codec);
      if (value.isEmpty() && absentTtl == null) {
        return new Outcome(value, freshThrough, false);  // absence may end any moment: not kept
      }
      Duration expiry = value.isPresent() ? ttl : absentTtl;
      if (immutable) {
        guard.add(kind, key, bytes, expiry);
      } else {
        guard.set(kind, key, bytes, expiry);  // unsafe on purpose: see Builder#withoutLeases
      }
      if (!isTooLarge(bytes)) {
        remember(key, value, epoch);
      }
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
            guard.discard(kind, key);  // release the lease: nothing to fill
            return new Outcome(value, freshThrough, false);
          }
          long casThrough = flight.joiners.get();
          byte[] bytes = encode(value, codec);
          if (guard.cas(kind, key, bytes, mine.casId(), value.isPresent() ? ttl : absentTtl)) {
            if (!isTooLarge(bytes)) {
              remember(key, value, epoch);
            }
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
        Lookup<T> cached = decode(kind, key, bytes, codec, tokenReader(kind, tokenKey));
        if (cached.isHit()) {
          remember(key, cached.optional(), epoch);
          return new Outcome(cached.optional(), freshThrough, true);
        }
        if (cached.state() == State.TOO_LARGE) {
          long loadThrough = flight.joiners.get();
          return new Outcome(load(kind, loader), loadThrough, false);
        }
      }
    }
    long freshThrough = flight.joiners.get();
    return new Outcome(load(kind, loader), freshThrough, false);
  }

  private long epoch(String key) {
    return near == null ? 0 : near.epoch(key);
  }

  /** Reads a write token on demand, or null when the key has none. */
  private @Nullable Supplier<byte @Nullable []> tokenReader(EntityKind kind,
      @Nullable String tokenKey) {
    return tokenKey == null ? null : () -> guard.get(kind, tokenKey);
  }

  /**
   * What {@code bytes} say. A checked entry whose write token is gone or changed, and bytes that
   * do not decode, are deleted and read as a miss.
   *
   * @param token reads the key's write token now; null if the key has none
   */
  <T> Lookup<T> decode(EntityKind kind, String key, byte[] bytes, Codec<T> codec,
      @Nullable Supplier<byte @Nullable []> token) {
    if (bytes.length >= 2 && bytes[0] == CHECKED) {
      int length = bytes[1] & 0xff;
      if (length == 0 || bytes.length < 2 + length) {
        guard.discard(kind, key);
        return Lookup.miss();
      }
      if (token == null) {
        return Lookup.miss();  // cannot be checked here: a miss, left for readers that can
      }
      byte[] now = token.get();
      if (now == null || !Arrays.equals(bytes, 2, 2 + length, now, 0, now.length)) {
        metrics.staleFillPrevented(kind);
        guard.discard(kind, key);  // a write came after this value was loaded (or may have)
        return Lookup.miss();
      }
      return decodePlain(kind, key, bytes, 2 + length, codec);
    }
    return decodePlain(kind, key, bytes, 0, codec);
  }

  /** A value, absent, too-large or lease envelope starting at {@code at}. */
  private <T> Lookup<T> decodePlain(EntityKind kind, String key, byte[] bytes, int at,
      Codec<T> codec) {
    int length = bytes.length - at;
    if (length >= 1 && bytes[at] == VALUE) {
      try {
        return Lookup.of(Optional.of(codec.decode(bytes, at + 1)));
      } catch (CodecException e) {
        guard.discard(kind, key);
        return Lookup.miss();
      }
    }
    if (length == 1 && bytes[at] == ABSENT) {
      return Lookup.of(Optional.empty());
    }
    if (length == 1 && bytes[at] == TOO_LARGE) {
      return Lookup.tooLarge();
    }
    if (length >= 1 && bytes[at] == LEASE) {
      return Lookup.miss();
    }
    guard.discard(kind, key);  // foreign or corrupt bytes
    return Lookup.miss();
  }

  /**
   * A checked entry: {@code envelope} (a value, absent or too-large marker) valid only while the
   * key's write token still holds {@code token}.
   */
  static byte[] checked(byte[] token, byte[] envelope) {
    if (token.length == 0 || token.length > 255) {
      throw new IllegalArgumentException("write token must be 1 to 255 bytes");
    }
    byte[] bytes = new byte[2 + token.length + envelope.length];
    bytes[0] = CHECKED;
    bytes[1] = (byte) token.length;
    System.arraycopy(token, 0, bytes, 2, token.length);
    System.arraycopy(envelope, 0, bytes, 2 + token.length, envelope.length);
    return bytes;
  }

  /** A fresh write token: random, so a token recreated after a delete never equals an old one. */
  static byte[] newWriteToken() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return (Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()))
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** The envelope of {@code value}: the value, the absent marker, or the too-large marker. */
  <T> byte[] encode(Optional<T> value, Codec<T> codec) {
    if (value.isEmpty()) {
      return new byte[] {ABSENT};
    }
    byte[] payload = codec.encode(value.get());
    if (payload.length + 1 > maxValueBytes) {
      metrics.tooLarge();
      return new byte[] {TOO_LARGE};
    }
    byte[] bytes = new byte[payload.length + 1];
    bytes[0] = VALUE;
    System.arraycopy(payload, 0, bytes, 1, payload.length);
    return bytes;
  }

  static boolean isTooLarge(byte[] envelope) {
    return envelope.length == 1 && envelope[0] == TOO_LARGE;
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

  /** The flight's outcome, or null if it is not there within the lease wait. */
  private @Nullable Outcome await(Flight flight) {
    try {
      return flight.result.get(Math.max(1, leaseWait.toNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a cache fill", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new CompletionException(e.getCause());
    }
  }

  /** Keeps a value learned after {@code epoch} in the near cache. */
  void remember(String key, Optional<?> value, long epoch) {
    if (near != null) {
      near.put(key, value, epoch);
    }
  }

  /** The near cache's epoch of {@code key}, to pass to {@link #remember} later. */
  long nearEpoch(String key) {
    return epoch(key);
  }
}
