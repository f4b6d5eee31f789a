package org.wikicache.memcache;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A value and the CAS id it was stored with, as returned by {@link MemcacheClient#gets}.
 *
 * <p>The array is held as given (no copy, for speed on the hot path): treat it as read-only.
 * {@code equals} and {@code hashCode} compare the array's contents.
 *
 * <p><b>Thread safety:</b> immutable if the array is not mutated.
 *
 * <pre>{@code
 * CasValue current = cache.gets("counter");
 * if (current != null) cache.cas("counter", next(current.value()), current.casId(), Duration.ZERO);
 * }</pre>
 *
 * @param value the stored bytes, never null
 * @param casId the item's CAS id: a positive number that changes on every modification
 */
public record CasValue(byte[] value, long casId) {

  /**
   * Validates the components.
   *
   * @param value the stored bytes, never null
   * @param casId the item's CAS id
   * @throws NullPointerException if {@code value} is null
   */
  public CasValue {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CasValue other && casId == other.casId && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(value) + Long.hashCode(casId);
  }

  @Override
  public String toString() {
    String head = HexFormat.of().formatHex(value, 0, Math.min(16, value.length));
    return "CasValue[casId=" + casId + ", value=" + value.length + " bytes " + head
        + (value.length > 16 ? "…" : "") + "]";
  }
}
