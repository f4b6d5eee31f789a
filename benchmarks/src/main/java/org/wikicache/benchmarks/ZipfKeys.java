package org.wikicache.benchmarks;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Zipf-distributed keys over {@code [0, n)}: key {@code k} (0-based rank) is drawn with a
 * probability proportional to {@code 1 / (k + 1)^skew}. A skew of 0 is uniform; web page
 * popularity is usually measured between 0.6 and 1.0.
 *
 * <p>Sampling inverts a precomputed cumulative distribution by binary search (O(log n) a draw,
 * {@code 8 n} bytes of memory), so the distribution is exact, not approximated.
 *
 * <p><b>Thread safety:</b> immutable; each caller brings its own random source.
 *
 * <pre>{@code
 * ZipfKeys zipf = ZipfKeys.of(20_000, 0.9);
 * int[] keys = zipf.sample(200_000, 42L);
 * }</pre>
 */
public final class ZipfKeys {
  private final double[] cdf;
  private final double skew;

  private ZipfKeys(int n, double skew) {
    this.skew = skew;
    this.cdf = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += 1.0 / Math.pow(k + 1, skew);
      cdf[k] = sum;
    }
    for (int k = 0; k < n; k++) {
      cdf[k] /= sum;
    }
    cdf[n - 1] = 1.0;
  }

  /**
   * Returns the distribution over {@code n} keys.
   *
   * @param n how many keys, 1 to 10,000,000
   * @param skew the exponent, 0 (uniform) to 5
   * @return the distribution
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static ZipfKeys of(int n, double skew) {
    checkArgument(n >= 1 && n <= 10_000_000, "n must be 1 to 10,000,000, was %s", n);
    checkArgument(skew >= 0 && skew <= 5, "skew must be 0 to 5, was %s", skew);
    return new ZipfKeys(n, skew);
  }

  /** The number of keys. */
  public int size() {
    return cdf.length;
  }

  /** The exponent. */
  public double skew() {
    return skew;
  }

  /** The probability of the key of rank {@code k}. */
  public double probability(int k) {
    checkArgument(k >= 0 && k < cdf.length, "k out of range: %s", k);
    return k == 0 ? cdf[0] : cdf[k] - cdf[k - 1];
  }

  /**
   * Draws one key.
   *
   * @param random the random source
   * @return a key in {@code [0, size())}
   */
  public int next(SplittableRandom random) {
    double u = random.nextDouble();
    int i = Arrays.binarySearch(cdf, u);
    int k = i >= 0 ? i : -i - 1;
    return Math.min(k, cdf.length - 1);
  }

  /**
   * Draws {@code count} keys from a random source seeded with {@code seed} (reproducible).
   *
   * @param count how many, 0 to 100,000,000
   * @param seed the seed
   * @return the keys
   */
  public int[] sample(int count, long seed) {
    checkArgument(count >= 0 && count <= 100_000_000, "count out of range: %s", count);
    SplittableRandom random = new SplittableRandom(seed);
    int[] keys = new int[count];
    for (int i = 0; i < count; i++) {
      keys[i] = next(random);
    }
    return keys;
  }
}
