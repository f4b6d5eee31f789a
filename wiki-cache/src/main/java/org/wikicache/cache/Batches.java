package org.wikicache.cache;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** The multi-key calls both clients build from single-key ones, written once. */
final class Batches {
  private Batches() {}

  /**
   * Checks every key first (so a bad key fails before any I/O), then deletes each and returns
   * the keys that existed, in order.
   */
  static Set<String> deleteEach(Collection<String> keys, Predicate<String> delete) {
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
}
