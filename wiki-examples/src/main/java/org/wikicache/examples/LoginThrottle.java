package org.wikicache.examples;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Slows down password guessing: after {@code maxFailures} failed logins for one key (username and
 * client address) within the window, that key is locked out until the window since its first
 * failure has passed. A success clears the key.
 *
 * <p>The map is bounded: when full, the oldest entry is dropped, so a flood of distinct keys costs
 * memory proportional to {@code maxEntries} only. Thread-safe (one lock; each call is O(1)).
 *
 * <pre>{@code
 * LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(1), 10_000, Clock.systemUTC());
 * if (throttle.retryAfter(key).isPresent()) { answer 429 }
 * }</pre>
 */
final class LoginThrottle {
  private record Entry(int failures, Instant first) {}

  private final int maxFailures;
  private final Duration window;
  private final int maxEntries;
  private final Clock clock;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

  LoginThrottle(int maxFailures, Duration window, int maxEntries, Clock clock) {
    checkArgument(maxFailures >= 1, "maxFailures must be >= 1");
    checkArgument(!window.isNegative() && !window.isZero(), "window must be positive");
    checkArgument(maxEntries >= 1, "maxEntries must be >= 1");
    this.maxFailures = maxFailures;
    this.window = window;
    this.maxEntries = maxEntries;
    this.clock = requireNonNull(clock, "clock");
  }

  /** How long {@code key} must wait before trying again, or empty if it may try now. */
  synchronized Optional<Duration> retryAfter(String key) {
    Entry entry = current(key);
    if (entry == null || entry.failures() < maxFailures) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), entry.first().plus(window));
    return Optional.of(left.isNegative() ? Duration.ZERO : left);
  }

  /** Records a failed attempt for {@code key}. */
  synchronized void failure(String key) {
    Entry entry = current(key);
    Entry next = entry == null ? new Entry(1, clock.instant())
        : new Entry(entry.failures() + 1, entry.first());
    entries.remove(key);
    entries.put(key, next);
    evict();
  }

  /** Forgets {@code key}'s failures after a successful login. */
  synchronized void success(String key) {
    entries.remove(key);
  }

  /** The number of keys tracked (for tests and the stats page). */
  synchronized int size() {
    return entries.size();
  }

  private @Nullable Entry current(String key) {
    Entry entry = entries.get(key);
    if (entry != null && !clock.instant().isBefore(entry.first().plus(window))) {
      entries.remove(key);
      return null;
    }
    return entry;
  }

  private void evict() {
    Instant now = clock.instant();
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Entry> eldest = it.next();
      boolean expired = !now.isBefore(eldest.getValue().first().plus(window));
      if (entries.size() <= maxEntries && !expired) {
        return;
      }
      it.remove();
    }
  }
}
