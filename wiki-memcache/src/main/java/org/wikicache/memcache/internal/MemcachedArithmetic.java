package org.wikicache.memcache.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Internal, not API. memcached 1.6's {@code incr}/{@code decr} on an item's bytes ({@code do_add_delta} and
 * {@code safe_strtoull} in its source), for clients that keep items in process.
 *
 * <p>Parsing is C's {@code strtoull}: optional leading whitespace, an optional sign, at least one
 * decimal digit, no overflow past 2<sup>64</sup>−1, and then either the end of the value, a NUL
 * byte or a whitespace character (so {@code "5 x"} counts as 5 but {@code "5x"} is non-numeric); an empty
 * value is non-numeric. The result is written back in place, padded with spaces to the old length
 * when shorter (memcached turns {@code "007"} + 1 into {@code "8  "}), or as a longer value.
 *
 * <p><b>Thread safety:</b> stateless.
 */
public final class MemcachedArithmetic {
  private static final long MAX_DIV_10 = Long.divideUnsigned(-1L, 10);
  private static final long MAX_MOD_10 = Long.remainderUnsigned(-1L, 10);

  private MemcachedArithmetic() {}

  /**
   * Parses {@code value} as memcached does.
   *
   * @return the unsigned number, or null if memcached would call it non-numeric
   */
  public static @Nullable Long parse(byte[] value) {
    if (value.length == 0) {
      return null;
    }
    int i = 0;
    while (i < value.length && isSpace(value[i])) {
      i++;
    }
    boolean negative = false;
    if (i < value.length && (value[i] == '+' || value[i] == '-')) {
      negative = value[i] == '-';
      i++;
    }
    int firstDigit = i;
    long result = 0;
    while (i < value.length && value[i] >= '0' && value[i] <= '9') {
      int d = value[i] - '0';
      if (Long.compareUnsigned(result, MAX_DIV_10) > 0
          || (result == MAX_DIV_10 && d > MAX_MOD_10)) {
        return null; // ERANGE
      }
      result = result * 10 + d;
      i++;
    }
    if (i == firstDigit) {
      return null; // no digits: endptr == str
    }
    // After the value memcached keeps "\r\n", so the end of the value counts as whitespace;
    // strtoull's end at a NUL byte counts too (safe_strtoull accepts *endptr == '\0').
    if (i < value.length && !isSpace(value[i]) && value[i] != 0) {
      return null;
    }
    if (negative) {
      result = -result;
      if (result < 0) {
        return null; // negative as a signed number and the text has a '-'
      }
    }
    return result;
  }

  /**
   * Applies the delta and returns the new value bytes.
   *
   * @param current the stored bytes
   * @param delta the unsigned amount
   * @param increment true for incr (wraps at 2^64), false for decr (stops at 0)
   * @return the new bytes, whose number is {@link #parse parse}able
   * @throws IllegalStateException if {@code current} is not a number
   */
  public static byte[] apply(String key, byte[] current, long delta, boolean increment) {
    Long parsed = parse(current);
    if (parsed == null) {
      throw new IllegalStateException(
          "cannot increment or decrement non-numeric value of key " + key);
    }
    long value = parsed;
    if (increment) {
      value += delta;
    } else {
      value = Long.compareUnsigned(delta, value) > 0 ? 0 : value - delta;
    }
    byte[] digits = Long.toUnsignedString(value).getBytes(StandardCharsets.US_ASCII);
    if (digits.length <= current.length) {
      byte[] padded = Arrays.copyOf(digits, current.length);
      Arrays.fill(padded, digits.length, padded.length, (byte) ' ');
      return padded;
    }
    return digits;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
  }
}
