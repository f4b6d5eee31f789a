package org.wikicache.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wikicache.core.ChangeLog;
import org.wikicache.core.ChangeLogged;
import org.wikicache.core.Edit;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.SaveResult;
import org.wikicache.core.WikiStore;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.jdbc.ReadFloor;
import org.wikicache.jdbc.ReplicaStats;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.testing.PostgresReplicaExtension;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;

/**
 * The caching layer over {@link JdbcWiki}s that read a real PostgreSQL streaming replica which
 * applies each commit one second late: two "servers" (a wiki and a layer each) share one cache
 * while one edits and others read. With lag-safe fills no read is stale; with the same replica
 * and a store that hides its replicas from the layer, stale values are cached and served.
 */
class ReplicaCachingTest {
  private static final Duration DELAY = Duration.ofSeconds(1);
  private static final int PAGES = 20;
  private static final int HOT = 4;
  @RegisterExtension
  static final PostgresReplicaExtension REPLICA = new PostgresReplicaExtension(DELAY);

  private TestDatabase db;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void database() {
    db = TestDatabases.postgres();
    JdbcWiki seed = TestWikis.open(db);
    for (int i = 0; i < PAGES; i++) {
      seed.store().save(new Edit(page(i), 0, "v1", "seed", ""));
    }
    seed.close();
    assertThat(REPLICA.get().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
  }

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    db.close();
  }

  private static PageName page(int i) {
    return PageName.of("P" + i);
  }

  /** One server: a wiki with the replica, and a layer over the shared cache. */
  private final class Server {
    final JdbcWiki wiki;
    final CachingStores caching;
    final WikiStore store;

    Server(MemcacheClient cache, boolean lagSafe) {
      wiki = db.track(TestWikis.builder(db)
          .replica(REPLICA.get().urlOf(db.jdbcUrl()), db.user(), db.password())
          .replicaMaxLag(Duration.ofSeconds(30)).build());
      caching = CachingStores.newBuilder(cache).build();
      closing.add(caching);
      store = caching.store(lagSafe ? wiki.store() : new HidesReplicas(wiki.store()));
    }
  }

  private record Outcome(long reads, long stale, long edits, ReplicaStats a, ReplicaStats b) {}

  /**
   * For {@code duration}: one thread edits the hot pages through both servers in turn (and
   * records each revision once its save returned), two threads read every page through both
   * servers and count reads older than a save that returned before they began, and the shared
   * cache is emptied now and then so that unchanged pages are filled again too.
   */
  private Outcome run(boolean lagSafe, Duration duration) throws InterruptedException {
    MemcacheClient cache = InMemoryMemcacheClient.newBuilder().build();
    closing.add(cache);
    Server a = new Server(cache, lagSafe);
    Server b = new Server(cache, lagSafe);
    Server[] servers = {a, b};
    AtomicLongArray floor = new AtomicLongArray(PAGES);
    for (int i = 0; i < PAGES; i++) {
      floor.set(i, 1);
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong reads = new AtomicLong();
    AtomicLong stale = new AtomicLong();
    AtomicLong edits = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    threads.add(new Thread(() -> {
      long[] latest = new long[HOT];
      java.util.Arrays.fill(latest, 1);
      for (int n = 0; !stop.get(); n++) {
        int i = n % HOT;
        SaveResult saved = servers[n % 2].store.save(
            new Edit(page(i), latest[i], "edit " + n, "writer", ""));
        latest[i] = saved.revision().number();
        floor.accumulateAndGet(i, latest[i], Math::max);
        edits.incrementAndGet();
        pause(40);
      }
    }, "writer"));
    for (int t = 0; t < 2; t++) {
      threads.add(new Thread(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop.get()) {
          int i = random.nextInt(PAGES);
          long expected = floor.get(i);  // read first: the save returned before the read began
          Optional<Page> got = servers[random.nextInt(2)].store.get(page(i));
          reads.incrementAndGet();
          if (got.isEmpty() || got.get().revision() < expected) {
            stale.incrementAndGet();
          }
        }
      }, "reader-" + t));
    }
    threads.add(new Thread(() -> {
      while (!stop.get()) {
        pause(300);
        a.caching.flush();
      }
    }, "flusher"));
    threads.forEach(Thread::start);
    Thread.sleep(duration.toMillis());
    stop.set(true);
    for (Thread t : threads) {
      t.join(10_000);
    }
    return new Outcome(reads.get(), stale.get(), edits.get(), a.wiki.replicaStats(),
        b.wiki.replicaStats());
  }

  @Test
  void lagSafeFillsServeNoStaleReadWhileEditing() throws InterruptedException {
    Outcome o = run(true, Duration.ofSeconds(8));
    long allowed = o.a().fillsAllowed() + o.b().fillsAllowed();
    long refused = o.a().fillsRefused() + o.b().fillsRefused();
    long holdOffRefused = o.a().holdOffRefused() + o.b().holdOffRefused();
    long holdOffStale = o.a().holdOffStale() + o.b().holdOffStale();
    long saved = o.a().holdOffSavedByLog() + o.b().holdOffSavedByLog();
    System.out.printf("replica fills: reads=%d stale=%d edits=%d fills allowed=%d refused=%d;"
            + " hold-off %s: refused=%d (of which the position rule allowed %d), would have"
            + " cached stale=%d%n", o.reads(), o.stale(), o.edits(), allowed, refused,
        o.a().holdOff(), holdOffRefused, saved, holdOffStale);
    assertThat(o.edits()).isGreaterThan(10);
    assertThat(o.reads()).isGreaterThan(200);
    assertThat(o.stale()).isZero();
    assertThat(refused).as("fills refused for lag").isPositive();
    assertThat(allowed).as("fills allowed from the replica").isPositive();
  }

  @Test
  void withoutTheLagRuleTheSameReplicaCachesStaleValues() throws InterruptedException {
    Outcome o = run(false, Duration.ofSeconds(4));
    System.out.printf("without the lag rule: reads=%d stale=%d edits=%d%n", o.reads(),
        o.stale(), o.edits());
    assertThat(o.stale()).isPositive();
  }

  @Test
  @SuppressWarnings("try")  // the scope is what the test is about
  void readYourWritesThroughTwoLayersAndALaggingReplica() {
    MemcacheClient cacheA = InMemoryMemcacheClient.newBuilder().build();
    closing.add(cacheA);
    Server a = new Server(cacheA, true);
    Server b = new Server(cacheA, true);
    PageName name = page(0);
    assertThat(b.store.get(name)).map(Page::revision).hasValue(1L);  // cached at revision 1
    long position;
    try (ReadFloor request = a.wiki.readingAtLeast(0)) {
      a.store.save(new Edit(name, 1, "mine", "ada", ""));
      position = request.written();
    }
    // On the other server, through its layer and the lagging replica: the new revision at once.
    try (ReadFloor request = b.wiki.readingAtLeast(position)) {
      assertThat(b.store.get(name)).map(Page::content).hasValue("mine");
      assertThat(b.store.recentChanges(5)).extracting(RevisionInfo::number).first()
          .isEqualTo(2L);
    }
  }

  @Test
  void aLaggingReplicaCostsAViewLittle() {
    MemcacheClient cache = InMemoryMemcacheClient.newBuilder().build();
    closing.add(cache);
    Server withReplica = new Server(cache, true);
    JdbcWiki primaryOnly = db.track(TestWikis.open(db));
    PageName edited = page(1);
    PageName quiet = page(2);  // last changed when the test began: the replica has it
    long latest = 1;
    // A view that misses the cache loads through the store: time that load, interleaved, for a
    // page just edited (the replica refuses it), a page the replica has (it serves it), and the
    // same read on a wiki without replicas. Medians: the machine is shared.
    int rounds = 80;
    List<Long> refused = new ArrayList<>();
    List<Long> allowed = new ArrayList<>();
    List<Long> primary = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      latest = withReplica.store.save(new Edit(edited, latest, "edit " + r, "w", ""))
          .revision().number();
      long t0 = System.nanoTime();
      Page viaReplica = withReplica.wiki.store()
          .lagSafe(() -> withReplica.wiki.store().get(edited)).orElseThrow();
      long t1 = System.nanoTime();
      withReplica.wiki.store().lagSafe(() -> withReplica.wiki.store().get(quiet)).orElseThrow();
      long t2 = System.nanoTime();
      Page viaPrimary = primaryOnly.store().get(edited).orElseThrow();
      long t3 = System.nanoTime();
      assertThat(viaReplica.revision()).isEqualTo(latest);
      assertThat(viaPrimary.revision()).isEqualTo(latest);
      if (r >= 10) {  // warmed up
        refused.add(t1 - t0);
        allowed.add(t2 - t1);
        primary.add(t3 - t2);
      }
    }
    ReplicaStats stats = withReplica.wiki.replicaStats();
    System.out.printf("load on a cache miss (median): primary only %.0f us; lag-safe, refused by"
            + " the lagging replica %.0f us; lag-safe, served by the replica %.0f us; fills"
            + " refused for lag %d, allowed %d%n", median(primary) / 1e3, median(refused) / 1e3,
        median(allowed) / 1e3, stats.fillsRefused(), stats.fillsAllowed());
    assertThat(stats.fillsRefused()).isGreaterThanOrEqualTo(rounds / 2);
    assertThat(stats.fillsAllowed()).isGreaterThanOrEqualTo(rounds / 2);
    assertThat(median(refused)).isLessThan(Duration.ofMillis(50).toNanos());
  }

  private static long median(List<Long> samples) {
    List<Long> sorted = new ArrayList<>(samples);
    java.util.Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /** A store that keeps its change log but hides its replicas: its loads are never lag-safe. */
  private static final class HidesReplicas extends ForwardingWikiStore implements ChangeLogged {
    private final ChangeLogged logged;

    <S extends WikiStore & ChangeLogged> HidesReplicas(S store) {
      super(store);
      this.logged = store;
    }

    @Override
    public ChangeLog changeLog() {
      return logged.changeLog();
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
