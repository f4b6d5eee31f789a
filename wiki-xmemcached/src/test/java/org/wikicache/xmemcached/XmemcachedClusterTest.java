package org.wikicache.xmemcached;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.memcache.CacheStats;
import org.wikicache.memcache.CacheUnavailableException;
import org.wikicache.testing.MemcachedProcess;

/** {@link XmemcachedClient} over two memcached servers with Ketama consistent hashing. */
class XmemcachedClusterTest {

  private static final Duration HOUR = Duration.ofHours(1);
  private static final int KEYS = 200;

  @RegisterExtension static final MemcachedProcess serverA = MemcachedProcess.extension();
  @RegisterExtension static final MemcachedProcess serverB = MemcachedProcess.extension();

  private MemcacheClient cluster;
  private MemcacheClient onlyA;
  private MemcacheClient onlyB;
  private final List<String> keys = new ArrayList<>();

  @BeforeEach
  void connect() {
    for (MemcachedProcess p : List.of(serverA, serverB)) {
      if (!p.isRunning()) {
        p.restart();
      }
    }
    cluster = XmemcachedClient.newBuilder()
        .servers(serverA.address() + "," + serverB.address())
        .operationTimeout(Duration.ofMillis(500))
        .reconnectInterval(Duration.ofMillis(200))
        .build();
    onlyA = XmemcachedClient.connect(serverA.address());
    onlyB = XmemcachedClient.connect(serverB.address());
    XmemcachedFaultTest.awaitWorking(() -> {
      cluster.flushAll();
      return null;
    });
    for (int i = 0; i < KEYS; i++) {
      keys.add("page:" + i);
    }
  }

  @AfterEach
  void close() {
    cluster.close();
    onlyA.close();
    onlyB.close();
  }

  @Test
  void everyKeyLivesOnExactlyOneServerAndBothServersGetKeys() {
    for (String k : keys) {
      assertThat(cluster.set(k, k.getBytes(UTF_8), HOUR)).isTrue();
    }
    int onA = 0;
    int onB = 0;
    for (String k : keys) {
      boolean a = onlyA.get(k) != null;
      boolean b = onlyB.get(k) != null;
      assertThat(a ^ b).as("%s on exactly one server (a=%s, b=%s)", k, a, b).isTrue();
      onA += a ? 1 : 0;
      onB += b ? 1 : 0;
    }
    assertThat(onA).isGreaterThan(KEYS / 5);
    assertThat(onB).isGreaterThan(KEYS / 5);

    assertThat(cluster.getMulti(keys)).hasSize(KEYS);
    CacheStats sum = cluster.getStats();
    CacheStats a = onlyA.getStats();
    CacheStats b = onlyB.getStats();
    assertThat(sum.items()).isEqualTo(a.items() + b.items()).isGreaterThanOrEqualTo(KEYS);
    assertThat(sum.limitBytes()).isEqualTo(2 * (64L << 20));
    assertThat(sum.hits()).isEqualTo(a.hits() + b.hits());

    cluster.flushAll();
    assertThat(onlyA.getMulti(keys)).isEmpty();
    assertThat(onlyB.getMulti(keys)).isEmpty();
  }

  @Test
  void aStoppedServerMakesOnlyItsOwnKeysUnavailable() {
    List<String> onA = new ArrayList<>();
    List<String> onB = new ArrayList<>();
    for (String k : keys) {
      cluster.set(k, k.getBytes(UTF_8), HOUR);
      (onlyA.get(k) != null ? onA : onB).add(k);
    }
    serverB.stop();

    for (String k : onA) {
      assertThat(cluster.get(k)).as(k).isEqualTo(k.getBytes(UTF_8));
    }
    assertThat(cluster.getMulti(onA)).hasSize(onA.size());
    // Failure mode: B's keys are not re-hashed onto A (that would serve stale values when B
    // comes back); they are unavailable.
    for (String k : onB.subList(0, 10)) {
      assertThatThrownBy(() -> cluster.get(k)).as(k).isInstanceOf(CacheUnavailableException.class);
      assertThatThrownBy(() -> cluster.set(k, new byte[1], HOUR))
          .isInstanceOf(CacheUnavailableException.class);
      assertThat(onlyA.get(k)).as("not moved to A").isNull();
    }
    assertThatThrownBy(() -> cluster.getStats()).isInstanceOf(CacheUnavailableException.class);
    // A getMulti that needs the stopped server fails as a whole (Xmemcached sends one request
    // per server and reports the first failure); callers fall back to the store for all keys.
    assertThatThrownBy(() -> cluster.getMulti(keys)).isInstanceOf(CacheUnavailableException.class);

    serverB.restart();
    String k = onB.get(0);
    XmemcachedFaultTest.awaitWorking(() -> cluster.set(k, bytes("back"), HOUR));
    assertThat(onlyA.get(k)).isNull();
    assertThat(cluster.get(k)).isEqualTo(bytes("back"));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
