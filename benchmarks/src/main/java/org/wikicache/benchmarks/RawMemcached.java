package org.wikicache.benchmarks;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.exception.MemcachedException;
import net.rubyeye.xmemcached.utils.AddrUtil;
import org.jspecify.annotations.Nullable;
import org.wikicache.xmemcached.internal.RawBytesTranscoder;
import org.wikicache.xmemcached.internal.SocketBuffers;

/**
 * Xmemcached with nothing of ours around it: the baseline against which
 * {@code XmemcachedClient} is measured, and the simulator's fast path to memcached (pipelined
 * {@code set ... noreply}). One connection, memcached's text protocol, raw byte values (flags 0),
 * as {@code XmemcachedClient}'s defaults.
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
  private static final long TIMEOUT_MILLIS = 1000;

  private final MemcachedClient client;

  private RawMemcached(MemcachedClient client) {
    this.client = client;
  }

  /**
   * Connects to one server.
   *
   * @param address {@code host:port}
   * @return the client
   * @throws IllegalStateException if the client cannot start
   */
  public static RawMemcached connect(String address) {
    XMemcachedClientBuilder builder = new XMemcachedClientBuilder(AddrUtil.getAddresses(address));
    builder.setConnectionPoolSize(1);
    builder.setOpTimeout(TIMEOUT_MILLIS);
    builder.setTranscoder(RawBytesTranscoder.INSTANCE);
    SocketBuffers.sizedByTheKernel(builder); // as XmemcachedClient
    try {
      return new RawMemcached(builder.build());
    } catch (IOException e) {
      throw new IllegalStateException("cannot connect to memcached at " + address, e);
    }
  }

  /** A plain {@code get}: the value or null. */
  public byte @Nullable [] get(String key) {
    try {
      return client.get(key, TIMEOUT_MILLIS, RawBytesTranscoder.INSTANCE);
    } catch (TimeoutException | InterruptedException | MemcachedException e) {
      throw failed("get", e);
    }
  }

  /** A multi-key {@code get}: the hits. */
  public Map<String, byte[]> getMulti(Collection<String> keys) {
    try {
      return client.get(keys, TIMEOUT_MILLIS, RawBytesTranscoder.INSTANCE);
    } catch (TimeoutException | InterruptedException | MemcachedException e) {
      throw failed("getMulti", e);
    }
  }

  /** A {@code set} without expiry, waiting for the answer. */
  public boolean set(String key, byte[] value) {
    try {
      return client.set(key, 0, value, RawBytesTranscoder.INSTANCE, TIMEOUT_MILLIS);
    } catch (TimeoutException | InterruptedException | MemcachedException e) {
      throw failed("set", e);
    }
  }

  /** A {@code set ... noreply}: pipelined, no answer awaited. */
  public void setNoReply(String key, byte[] value) {
    try {
      client.setWithNoReply(key, 0, value, RawBytesTranscoder.INSTANCE);
    } catch (InterruptedException | MemcachedException e) {
      throw failed("set noreply", e);
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
