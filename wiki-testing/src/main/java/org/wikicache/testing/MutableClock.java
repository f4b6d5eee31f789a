package org.wikicache.testing;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that tests move by hand instead of sleeping: give it to anything that takes a
 * clock ({@code InMemoryMemcacheClient.newBuilder().clock(..)}, {@code JdbcWiki.newBuilder()
 * .clock(..)}, {@code InMemoryWikiStore.create(..)}) and {@linkplain #advance advance} it.
 *
 * <p>Thread-safe: readers see the latest advance. Its zone is UTC.
 *
 * <pre>{@code
 * MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
 * MemcacheClient cache = InMemoryMemcacheClient.newBuilder().clock(clock).build();
 * cache.set("k", value, Duration.ofSeconds(10));
 * clock.advance(Duration.ofSeconds(10));   // "k" has expired
 * }</pre>
 */
public final class MutableClock extends Clock {
  private volatile Instant now;

  /**
   * A clock standing at {@code start}.
   *
   * @param start the first reading
   */
  public MutableClock(Instant start) {
    this.now = requireNonNull(start, "start");
  }

  /**
   * Moves the clock forward.
   *
   * @param duration how far, not negative
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public synchronized void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a clock only moves forward, not by " + duration);
    }
    now = now.plus(duration);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /**
   * Not supported: the clock is UTC only.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("MutableClock is UTC only");
  }
}
