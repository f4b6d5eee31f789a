package org.wikicache.memcache;

import org.jspecify.annotations.Nullable;

/**
 * The root of the memcache clients' own unchecked exceptions: catch it to handle every failure a
 * {@link MemcacheClient} reports that is not a programming error. Today its one subclass is
 * {@link CacheUnavailableException} (the server is down, silent or the wait was interrupted).
 * Bad arguments (an invalid key, a negative TTL) are {@link IllegalArgumentException}s instead,
 * and wrong state (a closed client, {@code incr} of a non-numeric value)
 * {@link IllegalStateException}s, as in Guava and Caffeine.
 *
 * <p>wiki-memcache knows nothing of wikis, so this root stands beside wiki-core's
 * {@code WikiException} rather than under it; the caching layer of wiki-cache turns these
 * failures into cache misses, so users of the wiki API never see them.
 *
 * <p><b>Thread safety:</b> as any exception, safe to publish once constructed.
 *
 * <pre>{@code
 * try {
 *   hit = cache.get(key);
 * } catch (MemcacheException e) {
 *   hit = null;   // serve from the source of truth
 * }
 * }</pre>
 */
public abstract class MemcacheException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the underlying failure, may be null
   */
  protected MemcacheException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
