package org.wikicache.memcache.internal;

import java.util.Collection;
import java.util.Collections;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Internal, not API. Multi-key calls built from single-key ones (the in-memory client's), and the checks every
 * batch makes before any I/O (both clients; the Xmemcached client pipelines its batches).
 */
public final class Batches {
  private Batches() {}

  /**
   * Checks every key first (so a bad key fails before any I/O), then deletes each and returns
   * the keys that existed, in order.
   */
  public static Set<String> deleteEach(Collection<String> keys, Predicate<String> delete) {
    Objects.requireNonNull(keys, "keys");
    keys.forEach(MemcacheKeys::checkKey);
    Set<String> existed = new LinkedHashSet<>();
    for (String key : keys) {
      if (delete.test(key)) {
        existed.add(key);
      }
    }
    return Collections.unmodifiableSet(existed);
  }

  /**
   * Checks the TTL and every key and value first (so bad input fails before any I/O), then
   * stores each and returns the keys that were not stored, in order.
   */
  public static Set<String> setEach(Map<String, byte[]> values, Duration ttl,
      BiPredicate<String, byte[]> set) {
    checkAll(values, ttl);
    Set<String> notStored = new LinkedHashSet<>();
    values.forEach((k, v) -> {
      if (!set.test(k, v)) {
        notStored.add(k);
      }
    });
    return Collections.unmodifiableSet(notStored);
  }

  /** Checks the TTL, every key and every value of a batch before any of it is sent. */
  public static void checkAll(Map<String, byte[]> values, Duration ttl) {
    Objects.requireNonNull(values, "values");
    MemcacheKeys.ttlSeconds(ttl);
    values.forEach((k, v) -> {
      MemcacheKeys.checkKey(k);
      Objects.requireNonNull(v, "value");
    });
  }
}
