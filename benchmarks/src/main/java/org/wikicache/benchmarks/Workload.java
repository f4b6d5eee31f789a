package org.wikicache.benchmarks;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.SplittableRandom;

/**
 * The request patterns the hit-rate simulator replays, each a reproducible trace of page
 * numbers in {@code [0, pages)}.
 *
 * <ul>
 *   <li>{@link #ZIPF}: popularity by Zipf's law, the usual model of page views;
 *   <li>{@link #UNIFORM}: every page equally likely, the worst case for any cache;
 *   <li>{@link #SCAN_MIX}: Zipf, with one request in five taken by a crawler reading every page
 *       in order (a scan pollutes an LRU cache; a frequency-aware one resists it);
 *   <li>{@link #SHIFTING_HOT_SET}: Zipf whose ranking is rotated to a new set of pages four
 *       times over the trace (news of the day): recency matters more than long-term frequency.
 * </ul>
 *
 * <p><b>Thread safety:</b> an enum; {@link #trace} allocates a fresh array each call.
 *
 * <pre>{@code
 * int[] trace = Workload.SCAN_MIX.trace(20_000, 200_000, 0.9, 7L);
 * }</pre>
 */
public enum Workload {
  /** Zipf's law over the pages. */
  ZIPF("zipf"),
  /** Uniformly random pages. */
  UNIFORM("uniform"),
  /** Zipf with a sequential scan taking every fifth request. */
  SCAN_MIX("zipf+scan"),
  /** Zipf whose hot set moves to other pages four times. */
  SHIFTING_HOT_SET("shifting-hot-set");

  /** The share of requests the scan takes in {@link #SCAN_MIX}. */
  public static final double SCAN_SHARE = 0.2;
  /** How many hot sets {@link #SHIFTING_HOT_SET} goes through. */
  public static final int PHASES = 4;

  private final String label;

  Workload(String label) {
    this.label = label;
  }

  /** A short name for tables and charts. */
  public String label() {
    return label;
  }

  /**
   * Generates a trace.
   *
   * @param pages how many distinct pages, {@code >= 1}
   * @param requests the trace length, {@code >= 0}
   * @param skew the Zipf exponent (ignored by {@link #UNIFORM})
   * @param seed the random seed: equal arguments give equal traces
   * @return the page numbers, in request order
   */
  public int[] trace(int pages, int requests, double skew, long seed) {
    checkArgument(pages >= 1, "pages must be >= 1, was %s", pages);
    checkArgument(requests >= 0, "requests must be >= 0, was %s", requests);
    SplittableRandom random = new SplittableRandom(seed);
    int[] trace = new int[requests];
    switch (this) {
      case UNIFORM -> {
        for (int i = 0; i < requests; i++) {
          trace[i] = random.nextInt(pages);
        }
      }
      case ZIPF -> {
        ZipfKeys zipf = ZipfKeys.of(pages, skew);
        for (int i = 0; i < requests; i++) {
          trace[i] = scramble(zipf.next(random), pages, 0);
        }
      }
      case SCAN_MIX -> {
        ZipfKeys zipf = ZipfKeys.of(pages, skew);
        int cursor = 0;
        for (int i = 0; i < requests; i++) {
          if (random.nextDouble() < SCAN_SHARE) {
            trace[i] = cursor;
            cursor = (cursor + 1) % pages;
          } else {
            trace[i] = scramble(zipf.next(random), pages, 0);
          }
        }
      }
      case SHIFTING_HOT_SET -> {
        ZipfKeys zipf = ZipfKeys.of(pages, skew);
        int phaseLength = Math.max(1, (requests + PHASES - 1) / PHASES);
        for (int i = 0; i < requests; i++) {
          trace[i] = scramble(zipf.next(random), pages, i / phaseLength);
        }
      }
      default -> throw new AssertionError(this);
    }
    return trace;
  }

  /**
   * Maps a popularity rank to a page number, differently in each phase, so that the most popular
   * pages are scattered (not pages 0, 1, 2 that a scan reads first) and a new phase has a new hot
   * set. A bijection of {@code [0, pages)}: an affine map with a multiplier coprime to pages.
   */
  static int scramble(int rank, int pages, int phase) {
    long multiplier = coprimeMultiplier(pages);
    long offset = (long) phase * (pages / PHASES + 7919);
    return (int) Math.floorMod(rank * multiplier + offset, (long) pages);
  }

  private static long coprimeMultiplier(int pages) {
    long m = 40_503;  // a prime; step until coprime with pages
    while (gcd(m, pages) != 1) {
      m++;
    }
    return m;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
