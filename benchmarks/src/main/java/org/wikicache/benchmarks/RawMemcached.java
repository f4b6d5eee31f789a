package org.wikicache.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.command.BinaryCommandFactory;
import net.rubyeye.xmemcached.exception.MemcachedException;
import net.rubyeye.xmemcached.transcoders.Transcoder;
import net.rubyeye.xmemcached.utils.AddrUtil;
import org.jspecify.annotations.Nullable;
import org.wikicache.xmemcached.XmemcachedClient;
import org.wikicache.xmemcached.internal.RawBytesTranscoder;
import org.wikicache.xmemcached.internal.SocketBuffers;

/**
 * Xmemcached with nothing of ours around it: the baselines against which
 * {@code XmemcachedClient} is measured. One connection, {@code get} and {@code set} without
 * expiry, in one of three {@link Setup setups}.
 *
 * <p><b>Thread safety:</b> safe for concurrent use, like the Xmemcached client it wraps.
 *
 * <pre>{@code
 * try (RawMemcached raw = RawMemcached.connect("127.0.0.1:11211")) {
 *   raw.set("k", bytes);
 *   byte[] back = raw.get("k");
 * }
 * }</pre>
 */
public final class RawMemcached implements AutoCloseable {
  private static final long TIMEOUT_MILLIS = 5000;

  /** How the raw client is set up. */
  public enum Setup {
    /**
     * As {@code XmemcachedClient} sets Xmemcached up: raw bytes with flags 0 (its transcoder),
     * socket buffers sized by the kernel.
     */
    LIKE_THE_ADAPTER,
    /**
     * Xmemcached's default transcoder with its compression threshold above any item (so it sends
     * the bytes as they are), socket buffers sized by the kernel: Xmemcached at wire speed.
     */
    DEFAULT_TRANSCODER,
    /** Xmemcached as its builder comes: default transcoder (gzip over 16 KiB), 32 KiB buffers. */
    OUT_OF_THE_BOX
  }

  private final MemcachedClient client;
  private final Transcoder<Object> transcoder;

  @SuppressWarnings("unchecked")
  private RawMemcached(MemcachedClient client, Transcoder<?> transcoder) {
    this.client = client;
    this.transcoder = (Transcoder<Object>) transcoder;
  }

  /**
   * Connects to one server over the text protocol, {@link Setup#LIKE_THE_ADAPTER}.
   *
   * @param address {@code host:port}
   * @return the client
   * @throws IllegalStateException if the client cannot start
   */
  public static RawMemcached connect(String address) {
    return connect(address, XmemcachedClient.Protocol.TEXT, Setup.LIKE_THE_ADAPTER);
  }

  /**
   * Connects to one server.
   *
   * @param address {@code host:port}
   * @param protocol the wire protocol
   * @param setup how Xmemcached is set up
   * @return the client
   * @throws IllegalStateException if the client cannot start
   */
  public static RawMemcached connect(String address, XmemcachedClient.Protocol protocol,
      Setup setup) {
    XMemcachedClientBuilder builder = new XMemcachedClientBuilder(AddrUtil.getAddresses(address));
    builder.setConnectionPoolSize(1);
    builder.setOpTimeout(TIMEOUT_MILLIS);
    if (protocol == XmemcachedClient.Protocol.BINARY) {
      builder.setCommandFactory(new BinaryCommandFactory());
    }
    if (setup == Setup.LIKE_THE_ADAPTER) {
      builder.setTranscoder(RawBytesTranscoder.INSTANCE);
    }
    if (setup != Setup.OUT_OF_THE_BOX) {
      SocketBuffers.sizedByTheKernel(builder);
    }
    MemcachedClient client;
    try {
      client = builder.build();
    } catch (IOException e) {
      throw new IllegalStateException("cannot connect to memcached at " + address, e);
    }
    if (setup == Setup.DEFAULT_TRANSCODER) {
      client.getTranscoder().setCompressionThreshold(Integer.MAX_VALUE);
    }
    return new RawMemcached(client, client.getTranscoder());
  }

  /** A plain {@code get}: the value or null. */
  public byte @Nullable [] get(String key) {
    try {
      return (byte[]) client.get(key, TIMEOUT_MILLIS, transcoder);
    } catch (TimeoutException | InterruptedException | MemcachedException e) {
      throw failed("get", e);
    }
  }

  /** A {@code set} without expiry, waiting for the answer. */
  public boolean set(String key, byte[] value) {
    try {
      return client.set(key, 0, value, transcoder, TIMEOUT_MILLIS);
    } catch (TimeoutException | InterruptedException | MemcachedException e) {
      throw failed("set", e);
    }
  }

  private static IllegalStateException failed(String op, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new IllegalStateException("memcached " + op + " failed: " + e, e);
  }

  /** Shuts the client down. */
  @Override
  public void close() {
    try {
      client.shutdown();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
