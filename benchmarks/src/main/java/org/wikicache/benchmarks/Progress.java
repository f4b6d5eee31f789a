package org.wikicache.benchmarks;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Where a long replay reports how far it got. Replays call {@link #update} every
 * {@value #EVERY} requests or so, so a report costs nothing measurable.
 *
 * <p><b>Thread safety:</b> one replay, one thread.
 *
 * <pre>{@code
 * Progress p = Progress.console(System.err, "lru, capacity 1,000");
 * long hits = Lru.hits(trace.keys(), trace.distinct(), 1000, p);
 * p.done();
 * }</pre>
 */
public interface Progress {
  /** How many requests a replay handles between two updates: 2^20. */
  int EVERY = 1 << 20;

  /** Reports nothing. */
  Progress NONE = new Progress() {
    @Override
    public void update(long done, long total) {}

    @Override
    public void done() {}
  };

  /**
   * Reports that {@code done} of {@code total} requests are replayed.
   *
   * @param done requests replayed so far
   * @param total requests in the trace
   */
  void update(long done, long total);

  /** Ends the report (the replay is over). */
  void done();

  /**
   * A one-line progress report on {@code out}, rewritten in place ({@code \r}) at most once a
   * second, and only once the replay has run for a second: short replays print nothing.
   *
   * @param out where to print, typically {@code System.err}
   * @param label what is replayed, e.g. {@code "opt, capacity 1,000"}
   * @return the report
   */
  static Progress console(PrintStream out, String label) {
    return new Progress() {
      private final long started = System.nanoTime();
      private long lastPrinted = started;
      private boolean printed;

      @Override
      public void update(long done, long total) {
        long now = System.nanoTime();
        if (now - lastPrinted < 1_000_000_000L) {
          return;
        }
        lastPrinted = now;
        printed = true;
        double seconds = (now - started) / 1e9;
        out.printf(Locale.ROOT, "\r%s: %,d of %,d requests (%.0f%%), %.1f M requests/s   ",
            label, done, total, 100.0 * done / Math.max(1, total), done / seconds / 1e6);
        out.flush();
      }

      @Override
      public void done() {
        if (printed) {
          out.println();
        }
      }
    };
  }
}
