package org.wikicache.examples;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand (set {@link #now}). Not thread-safe. */
public final class FakeClock extends Clock {
  /** The time it tells. */
  public Instant now = Instant.parse("2025-01-01T00:00:00Z");

  @Override
  public ZoneOffset getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
