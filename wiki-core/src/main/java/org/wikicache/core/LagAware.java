package org.wikicache.core;

import java.util.function.Supplier;

/**
 * A store that may serve reads from database replicas, which replay the primary's changes a
 * little late. Its plain reads may then be slightly old; a read run inside {@link #lagSafe} is
 * not: whatever it returns is at least as new as the latest change of what it read that was
 * committed when the read began (a lagging replica is not used for it; the primary is).
 *
 * <p>A caching layer runs every load whose result it may keep inside {@link #lagSafe}, after it
 * took its lease: a value a lagging replica served is then never put into the cache. A store
 * without replicas implements it as {@code read.get()}.
 *
 * <pre>{@code
 * Optional<Page> page = store instanceof LagAware lagAware
 *     ? lagAware.lagSafe(() -> store.get(name)) : store.get(name);
 * }</pre>
 *
 * <p>Implementations are thread-safe; the rule applies to the reads that {@code read} makes in
 * the calling thread.
 */
public interface LagAware {
  /**
   * Runs {@code read} in the calling thread so that every read of this store it makes returns a
   * value at least as new as the latest committed change of that value when the read began.
   *
   * @return what {@code read} returned
   */
  <T> T lagSafe(Supplier<T> read);
}
