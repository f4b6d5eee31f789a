package org.wikicache.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.wikicache.core.Edit;
import org.wikicache.core.EditConflictException;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.jdbc.JdbcWikiStore;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.testing.Concurrently;
import org.wikicache.testing.TestDatabases;
import org.wikicache.testing.TestDatabase;
import org.wikicache.core.WikiStore;

/**
 * 8 writers and 32 readers on 200 pages, split over two independent caching layers (two
 * database handles, two memcached connections: two "servers"), over a real memcached and
 * PostgreSQL, for a bounded time. Every read must return a revision at least as new as the latest
 * save that had returned, in either server, before the read began; and at the end every cached
 * page must equal the database.
 */
class ConsistencyStressTest {
  private static final int PAGES = 200;
  private static final int WRITERS = 8;
  private static final int READERS = 32;
  private static final Duration RUN_FOR = Duration.ofSeconds(10);

  @Test
  void readsNeverGoBackInTimeAndTheCacheEndsEqualToTheDatabase() throws Exception {
    try (TestDatabase database = TestDatabases.postgres();
        MemcacheClient client = Backends.client(true);
        MemcacheClient otherClient = Backends.memcachedClient();
        CachingStores caching = CachingStores.over(client);
        CachingStores other = CachingStores.over(otherClient)) {
      JdbcWiki wiki = database.track(TestWikis.builder(database).poolSize(16).build());
      JdbcWiki otherWiki = database.track(TestWikis.builder(database).poolSize(16).build());
      JdbcWikiStore db = wiki.store();
      WikiStore[] servers = {caching.store(db), other.store(otherWiki.store())};
      List<PageName> names = new ArrayList<>();
      for (int i = 0; i < PAGES; i++) {
        names.add(PageName.of("Stress/" + i));
        db.save(new Edit(names.get(i), 0, "initial " + i, "seed", ""));
      }
      // The newest revision of each page whose save has returned.
      AtomicLongArray returned = new AtomicLongArray(PAGES);
      for (int i = 0; i < PAGES; i++) {
        returned.set(i, 1);
      }
      AtomicLong reads = new AtomicLong();
      AtomicLong stale = new AtomicLong();
      AtomicLong writes = new AtomicLong();
      long deadline = System.nanoTime() + RUN_FOR.toNanos();

      List<Callable<Void>> workers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        WikiStore store = servers[w % 2];
        workers.add(() -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          while (System.nanoTime() < deadline) {
            int i = random.nextInt(PAGES);
            long base = store.get(names.get(i)).orElseThrow().revision();
            try {
              long saved = store.save(new Edit(names.get(i), base,
                  "writer " + writer + " at " + System.nanoTime(), "w" + writer, "")).revision()
                  .number();
              returned.accumulateAndGet(i, saved, Math::max);
              writes.incrementAndGet();
            } catch (EditConflictException lostRace) {
              // another writer saved first: fine, nothing was lost silently
            }
          }
          return null;
        });
      }
      for (int r = 0; r < READERS; r++) {
        WikiStore store = servers[r % 2];
        workers.add(() -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          while (System.nanoTime() < deadline) {
            if (random.nextInt(10) == 0) {
              int from = random.nextInt(PAGES - 10);
              long[] floor = new long[10];
              for (int k = 0; k < 10; k++) {
                floor[k] = returned.get(from + k);
              }
              Map<PageName, Page> batch = store.getAll(names.subList(from, from + 10));
              for (int k = 0; k < 10; k++) {
                reads.incrementAndGet();
                if (batch.get(names.get(from + k)).revision() < floor[k]) {
                  stale.incrementAndGet();
                }
              }
            } else {
              int i = random.nextInt(PAGES);
              long floor = returned.get(i);
              Optional<Page> page = store.get(names.get(i));
              reads.incrementAndGet();
              if (page.orElseThrow().revision() < floor) {
                stale.incrementAndGet();
              }
            }
          }
          return null;
        });
      }
      Concurrently.run(workers);

      int cachedDiffering = 0;
      for (PageName name : names) {
        Page latest = db.get(name).orElseThrow();
        byte[] bytes = client.get(caching.keys().page(name));
        if (bytes != null) {
          // what a reader would be served (a checked entry whose token moved is not)
          CacheAside.Lookup<Page> cached = caching.aside().decode(EntityKind.PAGE,
              caching.keys().page(name), bytes, Codecs.PAGE,
              () -> client.get(caching.keys().writeToken(name)));
          if (cached.isHit() && !cached.optional().equals(Optional.of(latest))) {
            cachedDiffering++;
          }
        }
      }
      KindStats pages = caching.stats().kind(EntityKind.PAGE).plus(
          other.stats().kind(EntityKind.PAGE));
      System.out.printf("stress (two servers): %d reads, %d writes, page hit ratio %.3f,"
              + " %d stale reads, %d stale fills prevented, %d cached pages differing from the"
              + " database%n", reads.get(), writes.get(), pages.hitRatio(), stale.get(),
          pages.staleFillsPrevented(), cachedDiffering);
      assertThat(reads.get()).isPositive();
      assertThat(writes.get()).isPositive();
      assertThat(stale.get()).as("reads older than a returned save").isZero();
      assertThat(cachedDiffering).as("cached pages differing from the database").isZero();
    }
  }
}
