package org.wikicache.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.testing.MemcachedProcess;
import org.wikicache.xmemcached.XmemcachedClient;

/**
 * One {@code set} and one {@code get} of a value of 4 KiB, 64 KiB, 512 KiB or 1 MiB (the
 * adapter's default item limit, {@code maxValueBytes}) through each {@link Client}, on both
 * protocols, against a memcached of its own ({@code -m 256 -I 2m}, so that the server never
 * refuses a 1 MiB value whatever flags a client sends). The value is Markdown text (wiki pages
 * one after the other), what this library caches.
 *
 * <p>The target: the adapter within 1.3x the time of raw Xmemcached moving the same bytes
 * ({@link Client#RAW_XMEMCACHED}). {@link Client#RAW_OUT_OF_THE_BOX} is Xmemcached exactly as
 * its builder comes (the baseline issue 16 measured): its default transcoder gzips values over
 * 16 KiB, so it sends fewer bytes of compressible text, and its 32 KiB send buffer stalls any
 * value that stays larger than that. Not in the default run; add it with
 * {@code -p client=ADAPTER,RAW_XMEMCACHED,RAW_OUT_OF_THE_BOX}.
 *
 * <p>Two measurements. {@link #set} and {@link #get} run each client in trials of its own and
 * give each one's time per operation. {@link #setPaired} and {@link #getPaired} give the ratio:
 * separate trials drift apart by more than their intervals (raw Xmemcached's own 1 MiB binary
 * {@code set} took 1,205 µs in one run and 631 µs in the next), so a ratio of two trials can
 * neither show nor refute a 1.3x bound. The paired benchmarks call the adapter and raw
 * Xmemcached one after the other on the same server, in alternating order, and add up each
 * one's time ({@link PairedNanos}); every iteration gives one ratio of the two sums, taken under
 * the same conditions, and {@link Report} reports their geometric mean with its 99.9% interval.
 *
 * <p>Run alone: {@code java -jar benchmarks/target/benchmarks.jar LargeValueBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class LargeValueBenchmark {

  /** Who stores and reads the value. */
  public enum Client {
    /** {@link XmemcachedClient}, our adapter, with its defaults (bar the protocol). */
    ADAPTER,
    /**
     * Xmemcached's own {@code set(key, 0, value)} / {@code get(key)} with its default transcoder
     * (compression threshold raised above the item limit, so it sends the bytes as they are,
     * as the adapter does) and the adapter's socket settings: the wire-speed baseline.
     */
    RAW_XMEMCACHED,
    /** Xmemcached as its builder comes: default transcoder (gzip over 16 KiB), 32 KiB buffers. */
    RAW_OUT_OF_THE_BOX
  }

  /** One store and read, as the benchmark calls it. */
  interface Store extends AutoCloseable {
    boolean set(String key, byte[] value);

    byte[] get(String key);

    @Override
    void close();
  }

  /** The server, the client and the value. */
  @State(Scope.Benchmark)
  public static class Target {
    /** The value's size: {@code 4KiB}, {@code 64KiB}, {@code 512KiB} or {@code 1MiB}. */
    @Param({"4KiB", "64KiB", "512KiB", "1MiB"})
    public String size;
    /** The wire protocol. */
    @Param({"TEXT", "BINARY"})
    public XmemcachedClient.Protocol protocol;
    /** Who stores and reads. */
    @Param({"ADAPTER", "RAW_XMEMCACHED"})
    public Client client;
    /** {@code auto} (start a memcached with {@code -I 2m}) or {@code host:port}. */
    @Param({"auto"})
    public String memcached;

    @Nullable MemcachedProcess server;
    Store store;
    byte[] value;
    String key;

    /** Starts memcached, connects, stores the value once. */
    @Setup(Level.Trial)
    public void open() {
      server = startIfAuto(memcached);
      value = markdown(bytes(size));
      key = "large:" + size;
      store = connect(client, protocol, server == null ? memcached : server.address());
      storeAndCheck(store, key, value);
    }

    /** Closes the client and the server. */
    @TearDown(Level.Trial)
    public void close() {
      store.close();
      if (server != null) {
        server.close();
      }
    }
  }

  /** One server, the adapter and raw Xmemcached, each with a key of its own, and the value. */
  @State(Scope.Benchmark)
  public static class Pair {
    /** The value's size: {@code 4KiB}, {@code 64KiB}, {@code 512KiB} or {@code 1MiB}. */
    @Param({"4KiB", "64KiB", "512KiB", "1MiB"})
    public String size;
    /** The wire protocol. */
    @Param({"TEXT", "BINARY"})
    public XmemcachedClient.Protocol protocol;
    /** {@code auto} (start a memcached with {@code -I 2m}) or {@code host:port}. */
    @Param({"auto"})
    public String memcached;

    @Nullable MemcachedProcess server;
    Store adapter;
    Store raw;
    byte[] value;
    String adapterKey;
    String rawKey;

    /** Starts memcached, connects both clients, has each store the value once. */
    @Setup(Level.Trial)
    public void open() {
      server = startIfAuto(memcached);
      String address = server == null ? memcached : server.address();
      value = markdown(bytes(size));
      adapterKey = "large:adapter:" + size;
      rawKey = "large:raw:" + size;
      adapter = connect(Client.ADAPTER, protocol, address);
      raw = connect(Client.RAW_XMEMCACHED, protocol, address);
      storeAndCheck(adapter, adapterKey, value);
      storeAndCheck(raw, rawKey, value);
    }

    /** Closes the clients and the server. */
    @TearDown(Level.Trial)
    public void close() {
      adapter.close();
      raw.close();
      if (server != null) {
        server.close();
      }
    }
  }

  /** Stores the value (replacing itself). */
  @Benchmark
  @Threads(1)
  public boolean set(Target t) {
    if (!t.store.set(t.key, t.value)) {
      throw new IllegalStateException("not stored");
    }
    return true;
  }

  /** Reads the value back. */
  @Benchmark
  @Threads(1)
  public byte[] get(Target t) {
    return check(t.store.get(t.key), t.value);
  }

  /** Stores the value through the adapter and through raw Xmemcached, timing each. */
  @Benchmark
  @Threads(1)
  public void setPaired(Pair p, PairedNanos nanos) {
    nanos.add(() -> timeSet(p.adapter, p.adapterKey, p.value),
        () -> timeSet(p.raw, p.rawKey, p.value), 1);
  }

  /** Reads the value through the adapter and through raw Xmemcached, timing each. */
  @Benchmark
  @Threads(1)
  public void getPaired(Pair p, PairedNanos nanos) {
    nanos.add(() -> timeGet(p.adapter, p.adapterKey, p.value),
        () -> timeGet(p.raw, p.rawKey, p.value), 1);
  }

  private static long timeSet(Store store, String key, byte[] value) {
    long start = System.nanoTime();
    boolean stored = store.set(key, value);
    long took = System.nanoTime() - start;
    if (!stored) {
      throw new IllegalStateException("not stored");
    }
    return took;
  }

  private static long timeGet(Store store, String key, byte[] value) {
    long start = System.nanoTime();
    byte[] read = store.get(key);
    long took = System.nanoTime() - start;
    check(read, value);
    return took;
  }

  private static @Nullable MemcachedProcess startIfAuto(String memcached) {
    return "auto".equals(memcached) ? MemcachedProcess.start(256, "-I", "2m") : null;
  }

  private static void storeAndCheck(Store store, String key, byte[] value) {
    if (!store.set(key, value)) {
      throw new IllegalStateException("could not store " + value.length + " bytes");
    }
    check(store.get(key), value);
  }

  private static byte[] check(byte @Nullable [] read, byte[] value) {
    if (read == null || read.length != value.length) {
      throw new IllegalStateException("read back " + (read == null ? "nothing" : read.length
          + " bytes") + " instead of " + value.length);
    }
    return read;
  }

  /** The size in bytes of a {@code size} parameter. */
  static int bytes(String size) {
    return switch (size) {
      case "4KiB" -> 4 << 10;
      case "64KiB" -> 64 << 10;
      case "512KiB" -> 512 << 10;
      case "1MiB" -> 1 << 20;
      default -> throw new IllegalArgumentException("size must be 4KiB, 64KiB, 512KiB or 1MiB: "
          + size);
    };
  }

  /** {@code length} bytes of the benchmark pages' Markdown, one page after the other. */
  static byte[] markdown(int length) {
    byte[] out = new byte[length];
    int filled = 0;
    for (int page = 0; filled < length; page = (page + 1) % BenchData.PAGES) {
      byte[] text = BenchData.content(page).getBytes(UTF_8);
      int n = Math.min(text.length, length - filled);
      System.arraycopy(text, 0, out, filled, n);
      filled += n;
    }
    return out;
  }

  static Store connect(Client client, XmemcachedClient.Protocol protocol, String address) {
    if (client == Client.ADAPTER) {
      MemcacheClient adapter = XmemcachedClient.newBuilder().servers(address).protocol(protocol)
          .build();
      return new Store() {
        @Override
        public boolean set(String key, byte[] value) {
          return adapter.set(key, value, Duration.ZERO);
        }

        @Override
        public byte[] get(String key) {
          return adapter.get(key);
        }

        @Override
        public void close() {
          adapter.close();
        }
      };
    }
    RawMemcached raw = RawMemcached.connect(address, protocol, client == Client.RAW_XMEMCACHED
        ? RawMemcached.Setup.DEFAULT_TRANSCODER : RawMemcached.Setup.OUT_OF_THE_BOX);
    return new Store() {
      @Override
      public boolean set(String key, byte[] value) {
        return raw.set(key, value);
      }

      @Override
      public byte[] get(String key) {
        return raw.get(key);
      }

      @Override
      public void close() {
        raw.close();
      }
    };
  }
}
