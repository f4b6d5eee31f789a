package org.wikicache.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.wikicache.core.Edit;
import org.wikicache.core.InMemoryWikiStore;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.testing.Concurrently;
import org.wikicache.core.WikiStore;

/**
 * A thundering herd on one cold page from two caching layers (as two processes would have)
 * sharing one real memcached: at most one store load each, and no reader fails.
 */
class SharedMemcachedHerdTest {
  @Test
  void twoLayersOnOneMemcachedMakeAtMostOneLoadEach() throws Exception {
    InMemoryWikiStore db = InMemoryWikiStore.create();
    PageName page = PageName.of("Cold");
    db.save(new Edit(page, 0, "x".repeat(4096), "ada", ""));
    CountingWikiStore storeA = new CountingWikiStore(db);
    CountingWikiStore storeB = new CountingWikiStore(db);
    storeA.latency(Duration.ofMillis(30));
    storeB.latency(Duration.ofMillis(30));
    MemcacheClient clientA = Backends.client(true);
    MemcacheClient clientB = Backends.memcachedClient();

    try (CachingStores a = CachingStores.over(clientA);
        CachingStores b = CachingStores.over(clientB)) {
      WikiStore cachedA = a.store(storeA);
      WikiStore cachedB = b.store(storeB);
      List<Callable<Optional<Page>>> readers = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        readers.add(i % 2 == 0 ? () -> cachedA.get(page) : () -> cachedB.get(page));
      }

      List<Optional<Page>> results = Concurrently.run(readers);

      assertThat(results).allSatisfy(p -> assertThat(p.orElseThrow().revision()).isEqualTo(1));
      assertThat(storeA.gets.get()).isLessThanOrEqualTo(1);
      assertThat(storeB.gets.get()).isLessThanOrEqualTo(1);
      int loads = storeA.gets.get() + storeB.gets.get();
      assertThat(loads).isBetween(1, 2);
      assertThat(cachedA.get(page)).isPresent();
      assertThat(cachedB.get(page)).isPresent();
      assertThat(storeA.gets.get() + storeB.gets.get()).as("filled once: later reads hit")
          .isEqualTo(loads);
    } finally {
      clientA.close();
      clientB.close();
    }
  }
}
