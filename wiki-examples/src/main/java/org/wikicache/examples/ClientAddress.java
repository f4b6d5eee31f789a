package org.wikicache.examples;

import static java.util.Objects.requireNonNull;

import com.google.common.net.InetAddresses;
import io.javalin.http.Context;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The address of the client a request comes from, for the login throttle. The connection's peer
 * is the client unless it is one of the trusted proxies (the load balancers, {@code
 * --trusted-proxy}); then {@code X-Forwarded-For} is read from the right, each trusted proxy
 * vouching for the address to its left, and the first address no trusted proxy owns is the
 * client. Anything a client wrote itself (the left part of the header, or the whole header when
 * the peer is not trusted) is never believed, so a client cannot pick its own throttle key.
 *
 * <pre>{@code
 * ClientAddress addresses = new ClientAddress(List.of("10.0.0.2"));
 * String ip = addresses.of(ctx);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
final class ClientAddress {
  /** The longest {@code X-Forwarded-For} read; a longer one is read from its last 2,000 chars. */
  static final int MAX_HEADER_CHARS = 2_000;

  private final Set<String> trusted;

  /**
   * @param trustedProxies IP addresses (literals) of the proxies whose header is believed
   * @throws IllegalArgumentException if one is not an IP address
   */
  ClientAddress(Collection<String> trustedProxies) {
    Set<String> set = new HashSet<>();
    for (String proxy : trustedProxies) {
      String normal = normalize(proxy);
      if (normal == null) {
        throw new IllegalArgumentException("not an IP address: " + proxy);
      }
      set.add(normal);
    }
    this.trusted = Set.copyOf(set);
  }

  /** The client address of this request. */
  String of(Context ctx) {
    return of(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
  }

  /** The client address, given the connection's peer and the header (if any). */
  String of(String peer, @Nullable String forwardedFor) {
    requireNonNull(peer, "peer");
    String client = normalize(peer);
    if (client == null) {
      return peer.length() <= 64 ? peer : peer.substring(0, 64);
    }
    if (forwardedFor == null || !trusted.contains(client)) {
      return client;
    }
    String header = forwardedFor.length() <= MAX_HEADER_CHARS ? forwardedFor
        : forwardedFor.substring(forwardedFor.length() - MAX_HEADER_CHARS);
    String[] hops = header.split(",", -1);
    for (int i = hops.length - 1; i >= 0 && trusted.contains(client); i--) {
      String hop = normalize(hops[i].strip());
      if (hop == null) {
        break;  // junk: the proxy to its right is as far as we can trust
      }
      client = hop;
    }
    return client;
  }

  /** The canonical text of an IP literal ({@code [::1]} and {@code 0:0::1} are one), or null. */
  static @Nullable String normalize(String address) {
    String a = address.strip();
    if (a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    if (a.isEmpty() || a.length() > 64 || !InetAddresses.isInetAddress(a)) {
      return null;
    }
    return InetAddresses.toAddrString(InetAddresses.forString(a));
  }
}
