package org.wikicache.cache;
/** Temporary. */
public class CacheUnavailableException extends RuntimeException {
  public CacheUnavailableException(String m, Throwable c) { super(m, c); }
}
