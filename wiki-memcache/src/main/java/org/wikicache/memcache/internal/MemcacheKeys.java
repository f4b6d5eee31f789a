package org.wikicache.memcache.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.wikicache.memcache.MemcacheClient;

/**
 * Internal, not API. The argument rules of memcached's protocol, checked before any I/O so that every
 * {@link MemcacheClient} rejects exactly the same keys, TTLs and deltas.
 *
 * <p><b>Keys</b> (memcached {@code protocol.txt}: "the key must not include control characters
 * or whitespace"; at most 250 bytes): 1–250 bytes once encoded as UTF-8; no space or other
 * whitespace (including Unicode spaces such as U+00A0), no control character (C0 controls such
 * as {@code \r}, {@code \n}, tab and NUL, DEL, and C1 controls), no unpaired surrogate.
 * Non-ASCII letters are fine as long as the UTF-8 form fits in 250 bytes.
 *
 * <p><b>TTLs</b>: {@link Duration#ZERO} means no expiry; negative is rejected; memcached counts
 * whole seconds, so a fractional TTL is rounded up (1 ns becomes 1 s: an item never lives
 * shorter than asked, and a positive TTL never turns into "no expiry"). A TTL of up to 30 days
 * (2,592,000 s) is sent as relative seconds; a longer one as absolute Unix time, which memcached
 * stores as a 32-bit number, so the expiry must be before 2038-01-19T03:14:07Z.
 *
 * <p><b>Thread safety:</b> stateless, safe for concurrent use.
 *
 * <pre>{@code
 * if (!MemcacheKeys.isValidKey(key)) key = "h:" + sha256Hex(key);
 * }</pre>
 */
public final class MemcacheKeys {

  /** The longest key memcached accepts, in bytes of UTF-8. */
  public static final int MAX_KEY_BYTES = 250;

  /** The longest TTL memcached takes as relative seconds: 30 days. */
  public static final long MAX_RELATIVE_TTL_SECONDS = 60L * 60 * 24 * 30;

  private MemcacheKeys() {}

  /**
   * Checks {@code key} and returns its UTF-8 bytes.
   *
   * @param key the key to check
   * @return the key's UTF-8 encoding (a fresh array)
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException naming the broken rule if the key is invalid
   */
  public static byte[] checkKey(String key) {
    Objects.requireNonNull(key, "key");
    String problem = problem(key);
    if (problem != null) {
      throw new IllegalArgumentException("invalid memcache key " + quote(key) + ": " + problem);
    }
    return key.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Tells whether {@code key} satisfies every key rule.
   *
   * @param key the key to check, may be null (then false)
   * @return true if {@link #checkKey} would accept it
   */
  public static boolean isValidKey(@Nullable String key) {
    return key != null && problem(key) == null;
  }

  private static @Nullable String problem(String key) {
    if (key.isEmpty()) {
      return "a key must not be empty";
    }
    int bytes = 0;
    for (int i = 0; i < key.length(); ) {
      int cp = key.codePointAt(i);
      if (cp == ' ') {
        return "a key must not contain a space (at index " + i + ")";
      }
      if (Character.isISOControl(cp)) {
        return String.format(
            "a key must not contain a control character (U+%04X at index %d)", cp, i);
      }
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        return String.format(
            "a key must not contain whitespace (U+%04X at index %d)", cp, i);
      }
      if (Character.isSurrogate((char) cp) && cp <= Character.MAX_VALUE) {
        return "a key must be valid UTF-16 (unpaired surrogate at index " + i + ")";
      }
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += Character.charCount(cp);
    }
    if (bytes > MAX_KEY_BYTES) {
      return "a key must be at most " + MAX_KEY_BYTES + " bytes of UTF-8, this one has " + bytes;
    }
    return null;
  }

  private static String quote(String key) {
    String shown = key.length() > 60 ? key.substring(0, 60) + "…" : key;
    StringBuilder sb = new StringBuilder("\"");
    shown.codePoints().forEach(cp -> {
      if (Character.isISOControl(cp)) {
        sb.append(String.format("\\u%04x", cp));
      } else {
        sb.appendCodePoint(cp);
      }
    });
    return sb.append('"').toString();
  }

  /**
   * Checks {@code ttl} and returns it in whole seconds, rounded up; 0 means no expiry.
   *
   * @param ttl the time to live
   * @return the TTL in seconds, 0 for {@link Duration#ZERO}
   * @throws NullPointerException if {@code ttl} is null
   * @throws IllegalArgumentException if {@code ttl} is negative, or ends after 2038-01-19T03:14:07Z
   *     (memcached's 32-bit expiration time)
   */
  public static long ttlSeconds(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must not be negative: " + ttl);
    }
    long whole = ttl.getSeconds();
    boolean part = ttl.getNano() > 0;
    // compared before anything is added: Duration.ofSeconds(Long.MAX_VALUE) must not wrap
    long left = Integer.MAX_VALUE - Instant.now().getEpochSecond();
    if (whole > MAX_RELATIVE_TTL_SECONDS && (whole > left || (whole == left && part))) {
      throw new IllegalArgumentException(
          "ttl too long: memcached's expiration time is a 32-bit Unix time, so an item cannot "
              + "live past 2038-01-19T03:14:07Z: " + ttl);
    }
    return whole + (part ? 1 : 0);
  }

  /**
   * Returns the expiration time to send to memcached for {@code ttl}: 0 for no expiry, the
   * seconds themselves up to 30 days, the absolute Unix time beyond.
   *
   * @param ttl the time to live
   * @param nowEpochSecond the current Unix time in seconds
   * @return memcached's {@code exptime} argument
   * @throws NullPointerException if {@code ttl} is null
   * @throws IllegalArgumentException as {@link #ttlSeconds} does
   */
  public static int memcachedExpiration(Duration ttl, long nowEpochSecond) {
    long seconds = ttlSeconds(ttl);
    if (seconds <= MAX_RELATIVE_TTL_SECONDS) {
      return (int) seconds;
    }
    long absolute = nowEpochSecond + seconds;
    if (absolute > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("ttl ends after 2038-01-19T03:14:07Z: " + ttl);
    }
    return (int) absolute;
  }

  /**
   * Checks the delta of {@code incr}/{@code decr}.
   *
   * @param delta the amount
   * @return {@code delta}
   * @throws IllegalArgumentException if {@code delta} is negative
   */
  public static long checkDelta(long delta) {
    if (delta < 0) {
      throw new IllegalArgumentException(
          "delta must not be negative (memcached's delta is an unsigned 64-bit number): " + delta);
    }
    return delta;
  }
}
