package org.wikicache.xmemcached;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.rubyeye.xmemcached.CommandFactory;
import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.command.BinaryCommandFactory;
import net.rubyeye.xmemcached.command.Command;
import net.rubyeye.xmemcached.command.CommandType;
import net.rubyeye.xmemcached.command.TextCommandFactory;
import net.rubyeye.xmemcached.command.binary.BinaryIncrDecrCommand;
import net.rubyeye.xmemcached.command.binary.ResponseStatus;
import net.rubyeye.xmemcached.exception.MemcachedClientException;
import net.rubyeye.xmemcached.exception.MemcachedException;
import net.rubyeye.xmemcached.exception.MemcachedServerException;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
import net.rubyeye.xmemcached.transcoders.CachedData;
import net.rubyeye.xmemcached.utils.AddrUtil;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.memcache.CasValue;
import org.wikicache.memcache.CacheStats;
import org.wikicache.memcache.CacheUnavailableException;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.memcache.internal.MemcacheKeys;
import org.wikicache.memcache.internal.Batches;
import org.wikicache.xmemcached.internal.RawBytesTranscoder;
import org.wikicache.xmemcached.internal.SocketBuffers;

/**
 * A {@link MemcacheClient} for one memcached server or a cluster, on Xmemcached 2.4.
 *
 * <ul>
 *   <li><b>Cluster</b>: keys are spread with Ketama consistent hashing; every key lives on
 *       exactly one server. Xmemcached runs in <em>failure mode</em>: while a server is down its
 *       keys are <em>not</em> moved to the other servers (which would serve stale values once it
 *       comes back); calls for them throw {@link CacheUnavailableException} until Xmemcached has
 *       reconnected (it retries every {@link Builder#reconnectInterval reconnect interval}).
 *       Keys of the other servers keep working, but a {@code getMulti} that includes a key of
 *       the unavailable server fails as a whole.
 *   <li><b>Values</b> travel as raw bytes with flags 0 (no serialization, no compression), at
 *       wire speed up to the item limit: the socket buffers are sized by the operating system,
 *       not pinned to Xmemcached's 32 KiB, which stalled every large value for tens of
 *       milliseconds per 64 KiB.
 *   <li><b>incr/decr</b> are sent as memcached's own commands: a missing key gives an empty
 *       result and is not created (Xmemcached's built-in {@code incr} would create it), numbers
 *       above {@code Long.MAX_VALUE} come back as the unsigned bit pattern.
 *   <li><b>TTL</b>: whole seconds rounded up; over 30 days it is sent as absolute Unix time.
 *   <li><b>Size</b>: a value longer than {@link Builder#maxValueBytes} is refused without I/O;
 *       otherwise the server decides (memcached's item limit includes key and 59 bytes of
 *       overhead). A refused {@code set} deletes the key's old value, as memcached does; a
 *       {@code cas} too large for the item limit is refused without I/O and keeps it (the
 *       binary protocol would unlink it).
 *   <li><b>cas</b> with an id no {@code gets} returns (0, as under {@code memcached -C}, or
 *       negative) is {@code false} without I/O, on both protocols: the binary protocol would
 *       store unconditionally, and the text protocol would send a broken command line.
 *   <li><b>Round trips</b>: one per call; {@code getMulti}, {@code setMulti} and
 *       {@code deleteMulti} one per server (batches are pipelined).
 *   <li><b>Failures</b>: a timeout ({@link Builder#operationTimeout}, 500 ms by default), a lost
 *       or missing connection and an interrupt all throw {@link CacheUnavailableException};
 *       arguments are checked by {@link MemcacheKeys} first, so a bad key or TTL is an
 *       {@link IllegalArgumentException} even when no server is reachable.
 *   <li><b>Stats</b> are summed over all servers; they fail if a server does not answer.
 * </ul>
 *
 * <p><b>Thread safety:</b> safe for concurrent use; share one instance per cluster (it owns
 * connections and a reactor thread pool). Single-key operations are atomic on the server.
 *
 * <pre>{@code
 * try (MemcacheClient cache = XmemcachedClient.newBuilder()
 *     .servers("10.0.0.5:11211,10.0.0.6:11211")
 *     .operationTimeout(Duration.ofMillis(250))
 *     .build()) {
 *   cache.set("page:Main", html, Duration.ofMinutes(10));
 * }
 * }</pre>
 */
public final class XmemcachedClient implements MemcacheClient {

  /** The wire protocol to speak. */
  public enum Protocol {
    /** memcached's ASCII protocol (the default). */
    TEXT,
    /** memcached's binary protocol (deprecated by memcached, still served by 1.6). */
    BINARY
  }

  /** memcached's binary-protocol expiration that makes incr/decr fail on a missing key. */
  private static final int NO_AUTO_CREATE = 0xffffffff;

  private static final RawBytesTranscoder RAW = RawBytesTranscoder.INSTANCE;

  private final XMemcachedClient client;
  private final CommandFactory commands;
  private final String servers;
  private final int serverCount;
  private final Protocol protocol;
  private final long timeoutMillis;
  private final int maxValueBytes;
  private final Clock clock = Clock.systemUTC();

  private XmemcachedClient(Builder b, XMemcachedClient client, CommandFactory commands) {
    this.client = client;
    this.commands = commands;
    this.servers = b.servers;
    this.serverCount = b.addresses.size();
    this.protocol = b.protocol;
    this.timeoutMillis = b.operationTimeout.toMillis();
    this.maxValueBytes = b.maxValueBytes;
  }

  /**
   * Connects to {@code servers} with the default settings.
   *
   * @param servers {@code "host:port"} entries separated by commas or spaces
   * @return the client; close it when done
   * @throws IllegalArgumentException if {@code servers} cannot be parsed
   * @throws CacheUnavailableException if the client cannot be started
   */
  public static MemcacheClient connect(String servers) {
    return newBuilder().servers(servers).build();
  }

  /**
   * Returns a builder; {@link Builder#servers} is required.
   *
   * @return a new builder
   */
  public static Builder newBuilder() {
    return new Builder();
  }

  // ---- storage commands --------------------------------------------------------------------

  @Override
  public boolean add(String key, byte[] value, Duration ttl) {
    return store("add", key, value, ttl,
        (c, exp) -> c.add(key, exp, value, RAW, timeoutMillis));
  }

  @Override
  public boolean set(String key, byte[] value, Duration ttl) {
    return store("set", key, value, ttl,
        (c, exp) -> c.set(key, exp, value, RAW, timeoutMillis));
  }

  @Override
  public boolean replace(String key, byte[] value, Duration ttl) {
    return store("replace", key, value, ttl,
        (c, exp) -> c.replace(key, exp, value, RAW, timeoutMillis));
  }

  @Override
  public boolean cas(String key, byte[] value, long casId, Duration ttl) {
    MemcacheKeys.checkKey(key);
    Objects.requireNonNull(value, "value");
    MemcacheKeys.memcachedExpiration(ttl, clock.instant().getEpochSecond());
    if (casId <= 0) {
      // No gets returns such an id (memcached -C returns 0). Sent, 0 would be an unconditional
      // set on the binary protocol, and a negative id breaks the text protocol's command line.
      return false;
    }
    if (value.length + key.getBytes(StandardCharsets.UTF_8).length
        + InMemoryMemcacheClient.ITEM_OVERHEAD_BYTES > maxValueBytes) {
      return false;  // the binary protocol's refused cas would unlink the old value, as a set
    }
    return store("cas", key, value, ttl,
        (c, exp) -> c.cas(key, exp, value, RAW, timeoutMillis, casId));
  }

  @FunctionalInterface
  private interface StoreCall {
    boolean store(MemcachedClient client, int exp)
        throws TimeoutException, InterruptedException, MemcachedException;
  }

  private boolean store(String op, String key, byte[] value, Duration ttl, StoreCall call) {
    MemcacheKeys.checkKey(key);
    Objects.requireNonNull(value, "value");
    int exp = MemcacheKeys.memcachedExpiration(ttl, clock.instant().getEpochSecond());
    if (value.length > maxValueBytes) {
      if (op.equals("set")) {
        delete(key); // memcached unlinks the old item when a set fails for size
      }
      return false;
    }
    return call(op, key, c -> {
      try {
        return call.store(c, exp);
      } catch (MemcachedServerException e) {
        if (isNotStored(e)) {
          return false;
        }
        throw e;
      }
    });
  }

  /** SERVER_ERROR object too large for cache / out of memory storing object, or binary twins. */
  private static boolean isNotStored(MemcachedServerException e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return m.contains("too large") || m.contains("too big") || m.contains("out of memory");
  }

  @Override
  public Set<String> setMulti(Map<String, byte[]> values, Duration ttl) {
    Batches.checkAll(values, ttl);
    int exp = MemcacheKeys.memcachedExpiration(ttl, clock.instant().getEpochSecond());
    Set<String> notStored = new LinkedHashSet<>();
    Map<String, Command> pipeline = new LinkedHashMap<>();
    values.forEach((key, value) -> {
      if (value.length > maxValueBytes) {
        notStored.add(key);
        delete(key);  // memcached unlinks the old item when a set fails for size
      } else {
        pipeline.put(key, commands.createSetCommand(key, MemcacheKeys.checkKey(key), exp, value,
            false, RAW));
      }
    });
    sendAll("setMulti", pipeline).forEach((key, stored) -> {
      if (!stored) {
        notStored.add(key);
      }
    });
    return Collections.unmodifiableSet(notStored);
  }

  // ---- retrieval ---------------------------------------------------------------------------

  @Override
  public byte[] get(String key) {
    MemcacheKeys.checkKey(key);
    return call("get", key, c -> c.get(key, timeoutMillis, RAW));
  }

  @Override
  public CasValue gets(String key) {
    MemcacheKeys.checkKey(key);
    GetsResponse<byte[]> r =
        call("gets", key, c -> c.gets(key, timeoutMillis, RAW));
    return r == null ? null : new CasValue(r.getValue(), r.getCas());
  }

  @Override
  public Map<String, byte[]> getMulti(Collection<String> keys) {
    Objects.requireNonNull(keys, "keys");
    keys.forEach(MemcacheKeys::checkKey);
    List<String> unique = new ArrayList<>(new LinkedHashSet<>(keys));
    if (unique.isEmpty()) {
      return Map.of();
    }
    Map<String, byte[]> found = call("getMulti", unique.size() + " keys",
        c -> c.get(unique, timeoutMillis, RAW));
    return found == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(found));
  }

  // ---- other commands ----------------------------------------------------------------------

  @Override
  public boolean delete(String key) {
    MemcacheKeys.checkKey(key);
    return call("delete", key, c -> c.delete(key, timeoutMillis));
  }

  @Override
  public Set<String> deleteMulti(Collection<String> keys) {
    Objects.requireNonNull(keys, "keys");
    Map<String, Command> pipeline = new LinkedHashMap<>();
    for (String key : keys) {
      pipeline.put(key, commands.createDeleteCommand(key, MemcacheKeys.checkKey(key), 0, 0L,
          false));
    }
    Set<String> existed = new LinkedHashSet<>();
    sendAll("deleteMulti", pipeline).forEach((key, deleted) -> {
      if (deleted) {
        existed.add(key);
      }
    });
    return Collections.unmodifiableSet(existed);
  }

  /**
   * Sends every command before waiting for any reply, so a batch costs one round trip per
   * server instead of one per key, and returns each command's boolean outcome (false for a
   * value the server refused as too large).
   */
  private Map<String, Boolean> sendAll(String op, Map<String, Command> pipeline) {
    if (pipeline.isEmpty()) {
      return Map.of();
    }
    return call(op, pipeline.size() + " keys", c -> {
      for (Command command : pipeline.values()) {
        c.getConnector().send(command);
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      Map<String, Boolean> outcomes = new LinkedHashMap<>();
      for (Map.Entry<String, Command> entry : pipeline.entrySet()) {
        Command command = entry.getValue();
        long left = deadline - System.nanoTime();
        if (!command.getLatch().await(Math.max(0, left), TimeUnit.NANOSECONDS)) {
          pipeline.values().forEach(Command::cancel);
          throw new TimeoutException("timed out after " + timeoutMillis + " ms");
        }
        Exception e = command.getException();
        if (e instanceof MemcachedServerException se && isNotStored(se)) {
          outcomes.put(entry.getKey(), false);
        } else if (e instanceof MemcachedException me) {
          throw me;
        } else if (e != null) {
          throw new MemcachedException(e);
        } else {
          outcomes.put(entry.getKey(), Boolean.TRUE.equals(command.getResult()));
        }
      }
      return outcomes;
    });
  }

  @Override
  public OptionalLong incr(String key, long delta) {
    return arithmetic(key, delta, true);
  }

  @Override
  public OptionalLong decr(String key, long delta) {
    return arithmetic(key, delta, false);
  }

  private OptionalLong arithmetic(String key, long delta, boolean increment) {
    byte[] keyBytes = MemcacheKeys.checkKey(key);
    MemcacheKeys.checkDelta(delta);
    String op = increment ? "incr" : "decr";
    if (protocol == Protocol.TEXT) {
      TextArithmeticCommand command = new TextArithmeticCommand(key, keyBytes, increment, delta);
      send(op, key, command);
      String line = String.valueOf(command.getResult()).trim();
      if (line.equals("NOT_FOUND")) {
        return OptionalLong.empty();
      }
      if (!line.isEmpty() && Character.isDigit(line.charAt(0))) {
        return OptionalLong.of(Long.parseUnsignedLong(line));
      }
      if (line.contains("non-numeric")) {
        throw new IllegalStateException(
            op + " " + key + ": cannot increment or decrement non-numeric value");
      }
      throw new IllegalStateException(op + " " + key + ": unexpected reply " + line);
    }
    BinaryIncrDecrCommand command = new BinaryIncrDecrCommand(key, keyBytes, delta, 0L,
        NO_AUTO_CREATE, increment ? CommandType.INCR : CommandType.DECR, false);
    send(op, key, command);
    ResponseStatus status = command.getResponseStatus();
    if (status == ResponseStatus.KEY_NOT_FOUND) {
      return OptionalLong.empty();
    }
    if (status == ResponseStatus.INC_DEC_NON_NUM) {
      throw new IllegalStateException(
          op + " " + key + ": cannot increment or decrement non-numeric value");
    }
    if (command.getResult() instanceof Long value) {
      return OptionalLong.of(value);
    }
    throw new IllegalStateException(op + " " + key + ": unexpected reply " + status
        + (command.getException() == null ? "" : " " + command.getException().getMessage()));
  }

  /** Sends a hand-made command and waits for its reply as Xmemcached's own calls do. */
  private void send(String op, String key, Command command) {
    call(op, key, c -> {
      client.getConnector().send(command);
      if (!command.getLatch().await(timeoutMillis, TimeUnit.MILLISECONDS)) {
        command.cancel();
        throw new TimeoutException("timed out after " + timeoutMillis + " ms");
      }
      Exception e = command.getException();
      if (e instanceof MemcachedException me && !(command instanceof BinaryIncrDecrCommand)) {
        throw me;
      }
      return null;
    });
  }

  @Override
  public boolean touch(String key, Duration ttl) {
    MemcacheKeys.checkKey(key);
    int exp = MemcacheKeys.memcachedExpiration(ttl, clock.instant().getEpochSecond());
    return call("touch", key, c -> c.touch(key, exp, timeoutMillis));
  }

  @Override
  public void flushAll() {
    // Xmemcached flushes the servers it is connected to and says nothing of the others: every
    // server must answer a round trip before and after, or the flush is reported as failed.
    getStats();
    call("flush_all", servers, c -> {
      c.flushAll(timeoutMillis);
      return null;
    });
    getStats();
  }

  @Override
  public CacheStats getStats() {
    Map<InetSocketAddress, Map<String, String>> all =
        call("stats", servers, c -> c.getStats(timeoutMillis));
    if (all == null || all.size() < serverCount) {
      throw new CacheUnavailableException("stats: only " + (all == null ? 0 : all.size())
          + " of " + serverCount + " servers of " + servers + " answered", null);
    }
    CacheStats sum = CacheStats.EMPTY;
    for (Map<String, String> s : all.values()) {
      sum = sum.plus(new CacheStats(
          stat(s, "get_hits"), stat(s, "get_misses"), stat(s, "curr_items"), stat(s, "bytes"),
          stat(s, "evictions"), stat(s, "limit_maxbytes")));
    }
    return sum;
  }

  private static long stat(Map<String, String> stats, String name) {
    String v = stats.get(name);
    return v == null ? 0 : Long.parseLong(v.trim());
  }

  /**
   * Shuts Xmemcached down (connections and threads). Idempotent; later calls throw
   * {@link IllegalStateException}.
   */
  @Override
  public void close() {
    try {
      client.shutdown();
    } catch (IOException e) {
      throw new CacheUnavailableException("close: shutting down the client of " + servers, e);
    }
  }

  @Override
  public String toString() {
    return "XmemcachedClient[" + servers + ", " + protocol + ", timeout=" + timeoutMillis + "ms]";
  }

  // ---- error mapping -----------------------------------------------------------------------

  @FunctionalInterface
  private interface XCall<T> {
    T call(MemcachedClient client)
        throws TimeoutException, InterruptedException, MemcachedException;
  }

  private <T> T call(String op, String what, XCall<T> call) {
    if (client.isShutdown()) {
      throw new IllegalStateException("client is closed");
    }
    try {
      return call.call(client);
    } catch (TimeoutException e) {
      throw unavailable(op, what, "timed out after " + timeoutMillis + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(op, what, "interrupted", e);
    } catch (MemcachedClientException e) {
      throw new IllegalStateException(
          op + " " + what + ": memcached rejected the request: " + e.getMessage(), e);
    } catch (MemcachedException e) {
      throw unavailable(op, what, e.getMessage(), e);
    }
  }

  private CacheUnavailableException unavailable(String op, String what, String why, Exception e) {
    return new CacheUnavailableException(
        op + " " + what + " on memcached " + servers + ": " + why, e);
  }

  /**
   * Builds an {@link XmemcachedClient}. Each setter validates its argument at once.
   *
   * <p><b>Thread safety:</b> not thread-safe; use from one thread, then {@link #build()}.
   */
  public static final class Builder {
    private String servers;
    private List<InetSocketAddress> addresses;
    private Duration operationTimeout = Duration.ofMillis(500);
    private Duration connectTimeout = Duration.ofSeconds(1);
    private Duration reconnectInterval = Duration.ofSeconds(2);
    private int connectionPoolSize = 1;
    private Protocol protocol = Protocol.TEXT;
    private int maxValueBytes = InMemoryMemcacheClient.DEFAULT_MAX_VALUE_BYTES;

    private Builder() {}

    /**
     * Sets the servers.
     *
     * @param servers {@code "host:port"} entries separated by commas or spaces
     * @return this builder
     * @throws NullPointerException if {@code servers} is null
     * @throws IllegalArgumentException if it is empty or malformed
     */
    public Builder servers(String servers) {
      Objects.requireNonNull(servers, "servers");
      String normalized = servers.replace(',', ' ').trim();
      if (normalized.isEmpty()) {
        throw new IllegalArgumentException("servers must name at least one host:port");
      }
      List<InetSocketAddress> parsed;
      try {
        parsed = AddrUtil.getAddresses(normalized);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("servers must be host:port entries: " + servers, e);
      }
      if (parsed.isEmpty()) {
        throw new IllegalArgumentException("servers must name at least one host:port");
      }
      this.servers = servers;
      this.addresses = parsed;
      return this;
    }

    /**
     * Sets how long a call waits for a reply before {@link CacheUnavailableException}
     * (default 500 ms).
     *
     * @param timeout positive, at least 1 ms
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder operationTimeout(Duration timeout) {
      this.operationTimeout = positiveMillis(timeout, "operationTimeout");
      return this;
    }

    /**
     * Sets how long to wait for a TCP connection (default 1 s).
     *
     * @param timeout positive, at least 1 ms
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positiveMillis(timeout, "connectTimeout");
      return this;
    }

    /**
     * Sets how often Xmemcached tries to reconnect to a lost server (default 2 s).
     *
     * @param interval positive, at least 1 ms
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder reconnectInterval(Duration interval) {
      this.reconnectInterval = positiveMillis(interval, "reconnectInterval");
      return this;
    }

    /**
     * Sets the number of connections per server (default 1: Xmemcached pipelines requests).
     *
     * @param size 1 to 64
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder connectionPoolSize(int size) {
      if (size < 1 || size > 64) {
        throw new IllegalArgumentException("connectionPoolSize must be 1..64: " + size);
      }
      this.connectionPoolSize = size;
      return this;
    }

    /**
     * Sets the wire protocol (default {@link Protocol#TEXT}).
     *
     * @param protocol text or binary
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder protocol(Protocol protocol) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      return this;
    }

    /**
     * Sets the longest value sent to the server (default 1 MiB, memcached's {@code -I});
     * longer values are refused without I/O. Set it to the servers' {@code -I}. Xmemcached
     * itself refuses data over {@code -Dxmemcached.cached.data.size.max} (1 MiB by default).
     *
     * @param bytes 1 KiB up to Xmemcached's limit
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxValueBytes(int bytes) {
      if (bytes < 1024 || bytes > CachedData.MAX_SIZE) {
        throw new IllegalArgumentException("maxValueBytes must be between 1024 and "
            + CachedData.MAX_SIZE + " (raise -Dxmemcached.cached.data.size.max for more): "
            + bytes);
      }
      this.maxValueBytes = bytes;
      return this;
    }

    private static Duration positiveMillis(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.toMillis() < 1) {
        throw new IllegalArgumentException(name + " must be at least 1 ms: " + d);
      }
      return d;
    }

    /**
     * Starts the client. Servers that cannot be reached yet are retried in the background;
     * calls for their keys throw {@link CacheUnavailableException} meanwhile.
     *
     * @return the client; close it when done
     * @throws IllegalStateException if {@link #servers} was not set
     * @throws CacheUnavailableException if Xmemcached cannot start
     */
    public MemcacheClient build() {
      if (addresses == null) {
        throw new IllegalStateException("servers(...) is required");
      }
      XMemcachedClientBuilder b = new XMemcachedClientBuilder(addresses);
      b.setSessionLocator(new KetamaMemcachedSessionLocator());
      b.setFailureMode(true);
      CommandFactory commands =
          protocol == Protocol.BINARY ? new BinaryCommandFactory() : new TextCommandFactory();
      b.setCommandFactory(commands);
      b.setConnectionPoolSize(connectionPoolSize);
      b.setOpTimeout(operationTimeout.toMillis());
      b.setConnectTimeout(connectTimeout.toMillis());
      b.setHealSessionInterval(reconnectInterval.toMillis());
      b.setEnableHealSession(true);
      b.setTranscoder(RawBytesTranscoder.INSTANCE);
      b.setSanitizeKeys(false);
      SocketBuffers.sizedByTheKernel(b); // Xmemcached's 32 KiB send buffer stalls large values
      try {
        return new XmemcachedClient(this, (XMemcachedClient) b.build(), commands);
      } catch (IOException e) {
        throw new CacheUnavailableException("cannot start a memcached client for " + servers, e);
      }
    }
  }
}
