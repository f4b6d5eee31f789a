package org.wikicache.cache;

/** Bytes from the cache that do not decode: treated as a miss, never as a failure of a read. */
public final class CodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message and an optional cause. */
  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
