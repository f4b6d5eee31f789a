package org.wikicache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.wikicache.core.Edit;
import org.wikicache.core.PageName;
import org.wikicache.core.WikiStore;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.testing.MemcachedProcess;
import org.wikicache.testing.TcpProxy;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;
import org.wikicache.xmemcached.XmemcachedClient;

/**
 * A process that starts while cut off from memcached cannot read the namespace's epoch, so it
 * runs under an epoch of its own; when its link comes back it moves to the shared one. A save made
 * while every process was cut off left the shared epoch's entry of the page behind, and nobody had
 * deleted it: the process must replay the log under the shared epoch before it reads from it.
 * (An adversarial run of two servers found that it served the old page for seconds.)
 */
class StartedCutOffTest {
  private final PageName main = PageName.of("Main");

  @Test
  void aProcessThatStartedCutOffNeverServesWhatASaveMadeMeanwhileReplaced() throws Exception {
    try (TestDatabase database = TestDatabases.postgres();
        MemcachedProcess memcached = MemcachedProcess.start()) {
      TcpProxy toA = database.track(TcpProxy.start("127.0.0.1", memcached.port()));
      TcpProxy toB = database.track(TcpProxy.start("127.0.0.1", memcached.port()));
      JdbcWiki a = TestWikis.open(database);
      MemcacheClient clientA = database.track(client(toA));
      CachingStores layerA = layer(clientA);
      WikiStore storeA = layerA.store(a.store());
      storeA.save(new Edit(main, 0, "old", "ada", ""));

      JdbcWiki b = TestWikis.open(database);
      MemcacheClient firstB = client(toB);
      try (CachingStores before = layer(firstB)) {
        assertThat(before.store(b.store()).get(main).orElseThrow().content()).isEqualTo("old");
      }
      firstB.close();
      assertThat(storeA.get(main).orElseThrow().content()).isEqualTo("old");

      // Everyone cut off: the save returns, and its keys stay in memcached.
      toA.cut();
      toB.cut();
      storeA.save(new Edit(main, 1, "new", "ada", ""));
      layerA.close();  // the writer is gone before it could replay

      // B starts while cut off, then its link comes back.
      MemcacheClient clientB = database.track(client(toB));
      try (CachingStores layerB = layer(clientB)) {
        WikiStore storeB = layerB.store(b.store());
        assertThat(storeB.get(main).orElseThrow().content()).isEqualTo("new");
        toB.restore();
        await().atMost(Duration.ofSeconds(10))
            .until(() -> !layerB.stats().breakerOpen() && layerB.stats().relay().inStep());
        int stale = 0;
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        int reads = 0;
        while (System.nanoTime() < until) {
          reads++;
          if (!storeB.get(main).orElseThrow().content().equals("new")) {
            stale++;
          }
          Thread.sleep(5);
        }
        assertThat(reads).isPositive();
        assertThat(stale).as("stale reads of %s after the link came back", reads).isZero();
        assertThat(layerB.stats().kind(EntityKind.PAGE).hits()).as("the cache is used again")
            .isPositive();
      }
    }
  }

  private static MemcacheClient client(TcpProxy proxy) {
    return XmemcachedClient.newBuilder().servers(proxy.address())
        .operationTimeout(Duration.ofMillis(300)).reconnectInterval(Duration.ofMillis(200))
        .build();
  }

  private static CachingStores layer(MemcacheClient client) {
    return CachingStores.newBuilder(client).breaker(2, Duration.ofMillis(200)).build();
  }
}
