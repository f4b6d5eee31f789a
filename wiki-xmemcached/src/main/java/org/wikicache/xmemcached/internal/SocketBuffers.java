package org.wikicache.xmemcached.internal;

import com.google.code.yanf4j.core.impl.StandardSocketOption;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;

/**
 * Leaves the size of Xmemcached's socket buffers to the operating system. Not API.
 *
 * <p>Xmemcached pins {@code SO_SNDBUF} to 32 KiB and {@code SO_RCVBUF} to 64 KiB. Pinning a size
 * turns off the kernel's buffer autotuning, and 32 KiB (64 KiB once Linux doubles it) is less than
 * one loopback segment (MSS ~64 KiB): a value that does not fit is sent one buffer at a time, and
 * each refill waits for an acknowledgement the receiver delays by up to 40 ms. A 1 MiB {@code set}
 * then takes ~0.6 s on an idle machine (the adapter's 500 ms timeout fails it) instead of ~2 ms;
 * on a real network the pinned buffer caps a connection at 32 KiB per round trip. Removing both
 * options lets Linux size the buffers per connection ({@code net.ipv4.tcp_wmem}/{@code tcp_rmem}).
 *
 * <p><b>Thread safety:</b> stateless; configure a builder from one thread.
 *
 * <pre>{@code
 * XMemcachedClientBuilder builder = new XMemcachedClientBuilder(addresses);
 * SocketBuffers.sizedByTheKernel(builder);
 * }</pre>
 */
public final class SocketBuffers {
  private SocketBuffers() {}

  /**
   * Removes Xmemcached's fixed send and receive buffer sizes from {@code builder}.
   *
   * @param builder the builder to change
   * @return the same builder
   */
  public static XMemcachedClientBuilder sizedByTheKernel(XMemcachedClientBuilder builder) {
    builder.getSocketOptions().remove(StandardSocketOption.SO_SNDBUF);
    builder.getSocketOptions().remove(StandardSocketOption.SO_RCVBUF);
    return builder;
  }
}
