package org.wikicache.xmemcached.internal;

import java.util.Objects;
import net.rubyeye.xmemcached.transcoders.CachedData;
import net.rubyeye.xmemcached.transcoders.CompressionMode;
import net.rubyeye.xmemcached.transcoders.Transcoder;

/**
 * An Xmemcached {@link Transcoder} that stores {@code byte[]} values as they are, with flags 0,
 * and reads any item back as its raw bytes whatever its flags: no Java serialization, no
 * compression, no copy, never an object decoded from the wire. The adapter
 * {@code XmemcachedClient} and the benchmarks' raw-Xmemcached baselines share it. Not API.
 *
 * <p><b>Thread safety:</b> stateless, safe for concurrent use.
 *
 * <pre>{@code
 * memcachedClient.set("k", 0, bytes, RawBytesTranscoder.INSTANCE);
 * byte[] back = memcachedClient.get("k", 1000, RawBytesTranscoder.INSTANCE);
 * }</pre>
 */
public final class RawBytesTranscoder implements Transcoder<byte[]> {

  /** The one instance. */
  public static final RawBytesTranscoder INSTANCE = new RawBytesTranscoder();

  private RawBytesTranscoder() {}

  @Override
  public CachedData encode(byte[] value) {
    return new CachedData(0, Objects.requireNonNull(value, "value"));
  }

  @Override
  public byte[] decode(CachedData data) {
    byte[] bytes = data.getData();
    return bytes == null ? new byte[0] : bytes;
  }

  @Override
  public void setPrimitiveAsString(boolean primitiveAsString) {
    // Values are always raw bytes.
  }

  @Override
  public void setPackZeros(boolean packZeros) {
    // Values are always raw bytes.
  }

  @Override
  public void setCompressionThreshold(int threshold) {
    // Never compresses.
  }

  @Override
  public boolean isPrimitiveAsString() {
    return false;
  }

  @Override
  public boolean isPackZeros() {
    return false;
  }

  @Override
  public void setCompressionMode(CompressionMode mode) {
    // Never compresses.
  }
}
