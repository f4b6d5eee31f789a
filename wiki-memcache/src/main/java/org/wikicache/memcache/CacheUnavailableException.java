package org.wikicache.memcache;

import org.jspecify.annotations.Nullable;

/**
 * The cache could not answer: the server is down, did not answer within the operation timeout,
 * or the calling thread was interrupted while waiting (its interrupt flag is then restored).
 *
 * <p>The one {@link MemcacheException} of the API. Thrown only by network implementations of
 * {@link MemcacheClient}. Callers that use the
 * cache as an optimisation treat it as a miss (and retry invalidations later).
 *
 * <p><b>Thread safety:</b> as any exception, safe to publish once constructed.
 */
public class CacheUnavailableException extends MemcacheException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, e.g. the operation and the server
   * @param cause the underlying failure, may be null
   */
  public CacheUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
