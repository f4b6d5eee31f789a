package org.wikicache.testing;

import java.time.Duration;

/** Sleeping in test helpers, where an interrupt means the test is being torn down. */
final class Sleep {
  private Sleep() {}

  /**
   * Sleeps for {@code duration}.
   *
   * @throws IllegalStateException if interrupted (with the interrupt flag set again)
   */
  static void of(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
