package org.wikicache.examples;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.google.common.hash.Hashing;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wikicache.memcache.MemcacheClient;

/**
 * The login throttle every server shares: failed logins are counted in memcached, per account and
 * per client address, with the classic counter of the course's API (an {@code add} of "0" with the
 * window as TTL, then {@code incr}), so five wrong passwords on five servers are five failures.
 * An account or an address that reached its limit must wait until its window, started by its first
 * failure, has passed. A successful login clears the account's counter (not the address's).
 *
 * <p>Every failure is also counted in this process ({@link LoginThrottle}), and a decision takes
 * the larger of the two counts: when memcached is down (or restarted and forgot), the throttle
 * falls back to per-process counting, never to none. After a cache failure, this process stops
 * asking memcached for {@value #PAUSE_SECONDS} seconds, so an outage costs one timeout, not one
 * per login.
 *
 * <pre>{@code
 * SharedLoginThrottle throttle = new SharedLoginThrottle(() -> client, "wiki",
 *     new Limit(5, Duration.ofMinutes(1)), new Limit(50, Duration.ofMinutes(1)), Clock.systemUTC());
 * if (throttle.retryAfter("ada", "203.0.113.9").isPresent()) { answer 429 }
 * }</pre>
 *
 * <p>Thread-safe.
 */
final class SharedLoginThrottle {
  /** How long this process leaves memcached alone after a failed call. */
  static final int PAUSE_SECONDS = 5;
  private static final Logger LOG = LoggerFactory.getLogger(SharedLoginThrottle.class);
  private static final byte[] ZERO = "0".getBytes(US_ASCII);

  /**
   * A limit: at most {@code maxFailures} failed logins within {@code window} of the first.
   *
   * @param maxFailures at least 1
   * @param window at least a second
   */
  record Limit(int maxFailures, Duration window) {
    Limit {
      checkArgument(maxFailures >= 1, "maxFailures must be >= 1");
      checkArgument(window.compareTo(Duration.ofSeconds(1)) >= 0, "window must be >= 1 s");
    }
  }

  private final Supplier<@Nullable MemcacheClient> client;
  private final String prefix;
  private final Limit perAccount;
  private final Limit perAddress;
  private final LoginThrottle localAccounts;
  private final LoginThrottle localAddresses;
  private final AtomicLong pausedUntilNanos = new AtomicLong(System.nanoTime());

  /**
   * @param client the shared cache, fetched per call (null: count in this process only)
   * @param namespace begins the counters' keys (the wiki's cache namespace)
   * @param perAccount the limit per account (username, any letter case)
   * @param perAddress the limit per client address
   * @param clock the clock of the per-process counts
   */
  SharedLoginThrottle(Supplier<@Nullable MemcacheClient> client, String namespace,
      Limit perAccount, Limit perAddress, Clock clock) {
    this.client = requireNonNull(client, "client");
    checkArgument(namespace.matches("[A-Za-z0-9_.-]{1,64}"), "bad namespace %s", namespace);
    this.prefix = namespace + ":throttle:";
    this.perAccount = requireNonNull(perAccount, "perAccount");
    this.perAddress = requireNonNull(perAddress, "perAddress");
    this.localAccounts = new LoginThrottle(perAccount.maxFailures(), perAccount.window(), 10_000,
        clock);
    this.localAddresses = new LoginThrottle(perAddress.maxFailures(), perAddress.window(),
        10_000, clock);
  }

  /** How long a login for {@code account} from {@code address} must wait; empty if it may try. */
  Optional<Duration> retryAfter(String account, String address) {
    String a = accountKey(account);
    String b = addressKey(address);
    Optional<Duration> local = localAccounts.retryAfter(a).or(() -> localAddresses.retryAfter(b));
    if (local.isPresent()) {
      return local;
    }
    MemcacheClient shared = sharedClient();
    if (shared == null) {
      return Optional.empty();
    }
    try {
      Map<String, byte[]> counts = shared.getMulti(List.of(a, b));
      if (count(counts.get(a)) >= perAccount.maxFailures()) {
        return Optional.of(perAccount.window());  // at most this long: memcached knows the rest
      }
      if (count(counts.get(b)) >= perAddress.maxFailures()) {
        return Optional.of(perAddress.window());
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      pause(e);
      return Optional.empty();  // the local counts said no
    }
  }

  /** Counts a failed login for {@code account} from {@code address}. */
  void failure(String account, String address) {
    String a = accountKey(account);
    String b = addressKey(address);
    localAccounts.failure(a);
    localAddresses.failure(b);
    shared(cache -> {
      increment(cache, a, perAccount.window());
      increment(cache, b, perAddress.window());
    });
  }

  /**
   * Counts an attempt against {@code account} only (not its address): a sign-up, throttled per
   * requested name under a key of its own.
   */
  void attempt(String account) {
    String a = accountKey(account);
    localAccounts.failure(a);
    shared(cache -> increment(cache, a, perAccount.window()));
  }

  /** Clears the account's failures after a successful login. */
  void success(String account, String address) {
    String a = accountKey(account);
    localAccounts.success(a);
    shared(cache -> cache.delete(a));
  }

  /** Runs {@code call} on memcached unless paused or absent; a failure pauses sharing. */
  private void shared(Consumer<MemcacheClient> call) {
    MemcacheClient cache = sharedClient();
    if (cache == null) {
      return;
    }
    try {
      call.accept(cache);
    } catch (RuntimeException e) {
      pause(e);
    }
  }

  /** True while failures are counted in memcached (not paused after a failure, a cache given). */
  boolean sharing() {
    return sharedClient() != null;
  }

  private static void increment(MemcacheClient shared, String key, Duration window) {
    for (int attempt = 0; attempt < 2; attempt++) {
      shared.add(key, ZERO, window);  // starts the window; does nothing if counting already
      OptionalLong n = shared.incr(key, 1);
      if (n.isPresent()) {
        return;
      }
      // evicted or expired between the add and the incr: start again
    }
  }

  private @Nullable MemcacheClient sharedClient() {
    if (System.nanoTime() - pausedUntilNanos.get() < 0) {
      return null;
    }
    return client.get();
  }

  private void pause(RuntimeException e) {
    pausedUntilNanos.set(System.nanoTime() + TimeUnit.SECONDS.toNanos(PAUSE_SECONDS));
    LOG.warn("login throttle: memcached failed ({}); counting in this process for {} s",
        e.toString(), PAUSE_SECONDS);
  }

  private static long count(byte @Nullable [] bytes) {
    if (bytes == null) {
      return 0;
    }
    try {
      return Long.parseLong(new String(bytes, US_ASCII).trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private String accountKey(String account) {
    return prefix + "a:" + Hashing.sha256()
        .hashString(account.toLowerCase(Locale.ROOT), UTF_8);
  }

  private String addressKey(String address) {
    return prefix + "ip:" + Hashing.sha256().hashString(address, UTF_8);
  }
}
