package org.wikicache.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.wikicache.core.Edit;
import org.wikicache.core.InMemoryWikiStore;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;

/**
 * A thundering herd on one cold page, from two caching layers (two "processes") sharing one real
 * memcached: at most one store load each, and nobody fails.
 */
class SharedMemcachedHerdTest {
  @Test
  void twoClientsShareOneMemcachedWithAtMostOneLoadEach() throws Exception {
    InMemoryWikiStore db = InMemoryWikiStore.create();
    PageName page = PageName.of("Cold");
    db.save(new Edit(page, 0, "x".repeat(4096), "ada", ""));
    CountingWikiStore storeA = new CountingWikiStore(db);
    CountingWikiStore storeB = new CountingWikiStore(db);
    storeA.latency(Duration.ofMillis(30));
    storeB.latency(Duration.ofMillis(30));

    try (CachingStores a = CachingStores.over(Backends.client(true));
        CachingStores b = CachingStores.over(Backends.client(false) == null ? null
            : sameServerAs(a))) {
      CachingWikiStore cachedA = a.store(storeA);
      CachingWikiStore cachedB = b.store(storeB);
      List<Callable<Optional<Page>>> readers = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        readers.add(i % 2 == 0 ? () -> cachedA.get(page) : () -> cachedB.get(page));
      }

      List<Optional<Page>> results = runTogether(readers);

      assertThat(results).allSatisfy(p -> assertThat(p).isPresent());
      assertThat(storeA.gets.get()).isLessThanOrEqualTo(1);
      assertThat(storeB.gets.get()).isLessThanOrEqualTo(1);
      assertThat(storeA.gets.get() + storeB.gets.get()).isGreaterThanOrEqualTo(1);
      assertThat(cachedA.get(page)).isPresent();
      assertThat(storeA.gets.get() + storeB.gets.get()).isLessThanOrEqualTo(2);
      a.client().close();
      b.client().close();
    }
  }

  /** A second client of the same memcached server as {@code layer}'s (not flushed). */
  private static MemcacheClient sameServerAs(CachingStores layer) {
    return Backends.secondClient();
  }

  private static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
