package org.wikicache.examples.web;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Admission for expensive requests (large form bodies, diffs of large revisions): at most
 * {@code permits} run at once, so the memory and CPU they take add up to a known bound however
 * many arrive; a request that cannot enter within {@code maxWait} is answered 429 with
 * {@code Retry-After} instead of queueing without end.
 *
 * <pre>{@code
 * try (Gate.Permit permit = gate.enter()) {
 *   ... the expensive part ...
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Gate {
  /** A held place; closing it lets the next request in. Close it once. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  private static final Permit NONE = () -> { };

  private final Semaphore semaphore;
  private final Duration maxWait;

  /**
   * @param permits how many expensive requests may run at once, at least 1
   * @param maxWait how long a request waits for a place before it is answered 429
   */
  public Gate(int permits, Duration maxWait) {
    checkArgument(permits >= 1, "permits must be at least 1, was %s", permits);
    checkArgument(!requireNonNull(maxWait, "maxWait").isNegative(), "maxWait must not be negative");
    this.semaphore = new Semaphore(permits, true);
    this.maxWait = maxWait;
  }

  /** A permit that holds no place, for requests that are not expensive. */
  public static Permit none() {
    return NONE;
  }

  /**
   * Waits up to the gate's {@code maxWait} for a place.
   *
   * @throws WebError 429 with {@code Retry-After} if none came free in time
   */
  public Permit enter() {
    boolean entered;
    try {
      entered = semaphore.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      entered = false;
    }
    if (!entered) {
      throw WebError.tryLater("The server is busy with other large requests. Nothing was done; "
          + "try again in a few seconds.", Math.max(1, maxWait.toSeconds()));
    }
    return new Permit() {
      private boolean closed;

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          semaphore.release();
        }
      }
    };
  }

  /** How many places are free now (for tests and the stats page). */
  public int available() {
    return semaphore.availablePermits();
  }
}
