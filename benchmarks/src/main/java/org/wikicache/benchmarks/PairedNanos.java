package org.wikicache.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a paired benchmark measures in one iteration: the nanoseconds spent in our code and in
 * its baseline, called one after the other on the same thread for the same work, and how many
 * calls each made. JMH reports these counters per iteration ({@code EVENTS}: summed, not divided
 * by time), so each iteration gives one ratio {@code oursNanos / baselineNanos}, measured under
 * the same conditions; {@link Report.Ratio#paired} combines them.
 *
 * <p>Why: trials measured apart drift by more than their errors (another process, the heap, the
 * JIT's choices in each fork), so the ratio of two trials' scores can neither show nor refute a
 * bound like 1.3x. Within one iteration both sides see the same drift.
 *
 * <p><b>Thread safety:</b> one per benchmark thread, as JMH gives it.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class PairedNanos {
  /** Time in our code this iteration, in nanoseconds. */
  public long oursNanos;
  /** Time in the baseline this iteration, in nanoseconds. */
  public long baselineNanos;
  /** Calls each side made this iteration. */
  public long calls;
  /** Pairs run so far, in all iterations: who goes first alternates with it. */
  private long turns;

  /** Starts each iteration at zero. */
  @Setup(Level.Iteration)
  public void reset() {
    oursNanos = 0;
    baselineNanos = 0;
    calls = 0;
  }

  /**
   * Runs both sides once, one after the other, and adds up their times. Who goes first
   * alternates from one call to the next, so that neither side always follows the other.
   *
   * @param ours our side of one pair of calls, returning its own time in nanoseconds
   * @param baseline the baseline's side
   * @param count the calls each side made
   */
  void add(Timed ours, Timed baseline, int count) {
    if ((turns++ & 1) == 0) {
      oursNanos += ours.nanos();
      baselineNanos += baseline.nanos();
    } else {
      baselineNanos += baseline.nanos();
      oursNanos += ours.nanos();
    }
    calls += count;
  }

  /**
   * Calls {@code call} until it has run {@code calls} times or for 10 seconds, untimed. A side
   * that is paired with a much slower one is called only as often as the slow one, so the
   * warm-up iterations can end before the JIT has compiled it (a {@code getMulti} of 100 took
   * 2.3 ms for its first 400 calls, then 0.45 ms): call it in the trial's set-up.
   *
   * @param call the fast side's work
   * @param calls how many calls at most, e.g. 20,000 (past the JIT's thresholds)
   */
  static void warm(Runnable call, int calls) {
    long end = System.nanoTime() + 10_000_000_000L;
    for (int i = 0; i < calls && System.nanoTime() < end; i++) {
      call.run();
    }
  }

  /** Work that times itself. */
  @FunctionalInterface
  interface Timed {
    /** Does the work and returns the nanoseconds it took, without any checking after it. */
    long nanos();
  }
}
