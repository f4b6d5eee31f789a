package org.wikicache.xmemcached;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.memcache.CacheUnavailableException;
import org.wikicache.testing.MemcachedProcess;

/** What {@link XmemcachedClient} does when its server dies, freezes or is not there at all. */
class XmemcachedFaultTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final Duration MARGIN = Duration.ofSeconds(2);
  private static final Duration HOUR = Duration.ofHours(1);

  @RegisterExtension static final MemcachedProcess memcached = MemcachedProcess.extension();

  private MemcacheClient cache;

  @BeforeEach
  void connect() {
    if (!memcached.isRunning()) {
      memcached.restart();
    }
    cache = XmemcachedClient.newBuilder()
        .servers(memcached.address())
        .operationTimeout(TIMEOUT)
        .reconnectInterval(Duration.ofMillis(200))
        .build();
    awaitWorking(() -> cache.set("warm-up", bytes("x"), HOUR));
  }

  @AfterEach
  void close() {
    if (memcached.isRunning()) {
      memcached.resume(); // harmless on a running process; needed after a failed pause test
    }
    cache.close();
  }

  @Test
  void aKilledServerGivesCacheUnavailableWithinTheTimeoutAndTheClientRecoversAfterRestart() {
    cache.set("k", bytes("v"), HOUR);
    memcached.stop();

    long start = System.nanoTime();
    assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plus(MARGIN));
    // every kind of call fails the same way, none hangs
    start = System.nanoTime();
    assertThatThrownBy(() -> cache.set("k", bytes("v"), HOUR))
        .isInstanceOf(CacheUnavailableException.class);
    assertThatThrownBy(() -> cache.incr("n", 1)).isInstanceOf(CacheUnavailableException.class);
    assertThatThrownBy(() -> cache.getStats()).isInstanceOf(CacheUnavailableException.class);
    assertThatThrownBy(() -> cache.flushAll()).as("nothing was flushed")
        .isInstanceOf(CacheUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(TIMEOUT.multipliedBy(4).plus(MARGIN));

    memcached.restart();
    assertThat(awaitWorking(() -> cache.set("k", bytes("after"), HOUR))).isTrue();
    assertThat(new String(cache.get("k"), UTF_8)).isEqualTo("after");
  }

  @Test
  void aBatchAgainstAFrozenServerFailsWithinTheTimeoutAndWorksAfterResume() {
    java.util.Map<String, byte[]> values = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      values.put("batch-" + i, bytes("v" + i));
    }
    assertThat(cache.setMulti(values, HOUR)).isEmpty();
    memcached.pause();
    try {
      long start = System.nanoTime();
      assertThatThrownBy(() -> cache.setMulti(values, HOUR))
          .isInstanceOf(CacheUnavailableException.class);
      assertThatThrownBy(() -> cache.deleteMulti(values.keySet()))
          .isInstanceOf(CacheUnavailableException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(TIMEOUT.multipliedBy(2).plus(MARGIN));
    } finally {
      memcached.resume();
    }
    assertThat(awaitWorking(() -> cache.set("k", bytes("after"), HOUR))).isTrue();
    // (commands sent while it was frozen may still run once it resumes: deletes are idempotent)
    assertThat(cache.setMulti(values, HOUR)).isEmpty();
    assertThat(cache.deleteMulti(values.keySet())).hasSize(50);
    assertThat(cache.getMulti(values.keySet())).isEmpty();
  }

  @Test
  void aFrozenServerGivesCacheUnavailableAfterTheTimeoutAndTheClientRecoversOnResume() {
    cache.set("k", bytes("kept"), HOUR);
    memcached.pause();
    try {
      long start = System.nanoTime();
      assertThatThrownBy(() -> cache.get("k"))
          .isInstanceOf(CacheUnavailableException.class)
          .hasMessageContaining("timed out");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(50))
          .isLessThan(TIMEOUT.plus(MARGIN));
      assertThatThrownBy(() -> cache.incr("n", 1)).isInstanceOf(CacheUnavailableException.class);
    } finally {
      memcached.resume();
    }
    byte[] value = awaitWorking(() -> cache.get("k"));
    assertThat(new String(value, UTF_8)).as("a frozen server keeps its items").isEqualTo("kept");
  }

  @Test
  void anInterruptedCallGivesCacheUnavailableAndKeepsTheInterruptFlag() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> cache.get("k"))
          .isInstanceOf(CacheUnavailableException.class)
          .hasMessageContaining("interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void badArgumentsAreRejectedBeforeAnyIo() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    MemcacheClient nowhere = XmemcachedClient.newBuilder()
        .servers("127.0.0.1:" + closedPort)
        .operationTimeout(TIMEOUT)
        .connectTimeout(Duration.ofMillis(200))
        .build();
    try {
      assertThatThrownBy(() -> nowhere.set("bad key", bytes("x"), HOUR))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("space");
      assertThatThrownBy(() -> nowhere.get("bad\r\nkey"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> nowhere.get("k".repeat(251)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> nowhere.set("k", bytes("x"), Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> nowhere.incr("k", -1)).isInstanceOf(IllegalArgumentException.class);
      // the same calls with good arguments reach for the network and fail there
      assertThatThrownBy(() -> nowhere.set("k", bytes("x"), HOUR))
          .isInstanceOf(CacheUnavailableException.class);
      assertThatThrownBy(() -> nowhere.get("k")).isInstanceOf(CacheUnavailableException.class);
    } finally {
      nowhere.close();
    }
  }

  @Test
  void builderValidatesEachSetter() {
    var b = XmemcachedClient.newBuilder();
    assertThatThrownBy(() -> b.servers("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.servers(" , ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.operationTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.connectTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.connectionPoolSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.maxValueBytes(10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.protocol(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
  }

  /** Retries {@code call} for up to 10 s while the cache is unavailable. */
  static <T> T awaitWorking(Supplier<T> call) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        return call.get();
      } catch (CacheUnavailableException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the client did not recover within 10 s", e);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new AssertionError(ie);
        }
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
