package org.wikicache.cache;

import org.wikicache.memcache.MemcacheClient;

/**
 * Turns values into the bytes stored in a {@link MemcacheClient} and back. Codecs are explicit
 * and versioned: no Java serialization, so bytes from the cache can never instantiate arbitrary
 * classes. Bytes that do not decode raise {@link CodecException}; the caching layer treats them
 * as a miss and deletes them.
 *
 * <p>Implementations are stateless and thread-safe. The codecs for the wiki's types are in
 * {@link Codecs}.
 *
 * @param <T> the value type
 */
public interface Codec<T> {
  /** The bytes of {@code value}. */
  byte[] encode(T value);

  /**
   * The value encoded in {@code bytes}.
   *
   * @throws CodecException if the bytes are not a valid encoding
   */
  T decode(byte[] bytes);

  /**
   * The value encoded in {@code bytes[offset..]}: lets the caching layer decode past its envelope
   * without copying. The default copies; the codecs in {@link Codecs} read in place.
   *
   * @throws CodecException if the bytes are not a valid encoding
   */
  default T decode(byte[] bytes, int offset) {
    return decode(java.util.Arrays.copyOfRange(bytes, offset, bytes.length));
  }
}
