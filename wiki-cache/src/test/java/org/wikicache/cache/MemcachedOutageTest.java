package org.wikicache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wikicache.core.Edit;
import org.wikicache.core.EditConflictException;
import org.wikicache.core.InMemoryWikiStore;
import org.wikicache.core.PageName;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.xmemcached.XmemcachedClient;
import org.wikicache.testing.Concurrently;
import org.wikicache.testing.MemcachedProcess;
import org.wikicache.core.WikiStore;

/**
 * A real memcached killed, or frozen with SIGSTOP, in the middle of a read/write load: no user
 * call fails, calls stay bounded in time while it is down, and once it is back no page older than
 * the latest revision is served.
 */
class MemcachedOutageTest {
  private static final int PAGES = 50;
  private static final Duration OPERATION_TIMEOUT = Duration.ofMillis(300);

  private MemcachedProcess memcached;
  private MemcacheClient client;
  private CachingStores caching;
  private final InMemoryWikiStore db = InMemoryWikiStore.create();
  private final List<PageName> names = new ArrayList<>();

  @BeforeEach
  void start() {
    memcached = MemcachedProcess.start();
    client = XmemcachedClient.newBuilder().servers(memcached.address())
        .operationTimeout(OPERATION_TIMEOUT)
        .reconnectInterval(Duration.ofMillis(200))
        .build();
    caching = CachingStores.newBuilder(client).breaker(2, Duration.ofMillis(200)).build();
    for (int i = 0; i < PAGES; i++) {
      names.add(PageName.of("Outage/" + i));
      db.save(new Edit(names.get(i), 0, "initial", "seed", ""));
    }
  }

  @AfterEach
  void stop() {
    caching.close();
    client.close();
    memcached.close();
  }

  @Test
  void killedServer() throws Exception {
    runLoadAround(memcached::stop, memcached::restart);
  }

  @Test
  void frozenServer() throws Exception {
    runLoadAround(memcached::pause, memcached::resume);
  }

  private void runLoadAround(Runnable outage, Runnable recovery) throws Exception {
    WikiStore store = caching.store(db);
    names.forEach(store::get);  // warm: every page cached at revision 1
    AtomicLong failures = new AtomicLong();
    AtomicLong calls = new AtomicLong();
    AtomicLong slowestNanos = new AtomicLong();
    AtomicLongArray returned = new AtomicLongArray(PAGES);
    AtomicLong stale = new AtomicLong();
    long[] phases = new long[3];
    long begin = System.nanoTime();
    phases[0] = begin + Duration.ofSeconds(1).toNanos();  // outage starts
    phases[1] = phases[0] + Duration.ofSeconds(3).toNanos();  // recovery
    phases[2] = phases[1] + Duration.ofSeconds(2).toNanos();  // end

    List<Callable<Void>> workers = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      boolean writer = t < 2;
      workers.add(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < phases[2]) {
          int i = random.nextInt(PAGES);
          long started = System.nanoTime();
          try {
            long floor = returned.get(i);
            long revision = store.get(names.get(i)).orElseThrow().revision();
            if (revision < floor) {
              stale.incrementAndGet();
            }
            if (writer) {
              long saved = store.save(new Edit(names.get(i), revision, "at " + started, "w", ""))
                  .revision().number();
              returned.accumulateAndGet(i, saved, Math::max);
            }
          } catch (EditConflictException expected) {
            // two writers on one page
          } catch (RuntimeException e) {
            failures.incrementAndGet();
          }
          calls.incrementAndGet();
          slowestNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
        }
        return null;
      });
    }
    workers.add(() -> {
      sleepUntil(phases[0]);
      outage.run();
      sleepUntil(phases[1]);
      recovery.run();
      return null;
    });
    Concurrently.run(workers);

    await().atMost(Duration.ofSeconds(10)).until(() -> !caching.stats().breakerOpen());
    long staleAfter = 0;
    for (int i = 0; i < PAGES; i++) {
      long latest = db.get(names.get(i)).orElseThrow().revision();
      if (store.get(names.get(i)).orElseThrow().revision() != latest) {
        staleAfter++;
      }
    }
    System.out.printf("outage: %d calls, %d failed, slowest %d ms, %d stale during,"
            + " %d stale after, %d cache errors%n", calls.get(), failures.get(),
        slowestNanos.get() / 1_000_000, stale.get(), staleAfter,
        caching.stats().total().errors());
    assertThat(failures.get()).as("failed user calls").isZero();
    assertThat(stale.get()).as("reads older than a returned save").isZero();
    assertThat(staleAfter).as("stale pages after recovery").isZero();
    assertThat(caching.stats().total().errors()).as("the outage was noticed").isPositive();
    // Bounded: a call waits for at most a few operation timeouts (get, lease, fill), never hangs.
    assertThat(Duration.ofNanos(slowestNanos.get()))
        .isLessThan(OPERATION_TIMEOUT.multipliedBy(6).plusSeconds(2));
    assertThat(store.get(names.get(0))).isPresent();
    assertThat(caching.stats().kind(EntityKind.PAGE).hits()).isPositive();
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
  }
}
