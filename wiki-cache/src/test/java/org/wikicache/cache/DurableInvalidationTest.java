package org.wikicache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wikicache.core.Edit;
import org.wikicache.core.PageName;
import org.wikicache.core.ProfileUpdate;
import org.wikicache.core.User;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.memcache.CacheStats;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.testing.Concurrently;
import org.wikicache.testing.MemcachedProcess;
import org.wikicache.testing.TcpProxy;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;
import org.wikicache.xmemcached.XmemcachedClient;

/**
 * The scenarios of "durable invalidations", each with two or more independent caching layers on
 * separate memcached connections (and, where a writer dies, a second JVM), real memcached and
 * real PostgreSQL or MariaDB. Every test counts reads and stale reads (reads that began after a
 * write returned and saw something older; see {@link Ledger}) and requires zero stale.
 */
class DurableInvalidationTest {
  @RegisterExtension
  static final MemcachedProcess memcached = MemcachedProcess.extension();

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    if (!memcached.isRunning()) {
      memcached.restart();
    }
    memcached.resume();
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private <T extends AutoCloseable> T open(T resource) {
    opened.add(resource);
    return resource;
  }

  private TestDatabase postgres() {
    return open(TestDatabases.postgres());
  }

  private Node node(String name, TestDatabase database, String servers) {
    return open(Node.start(name, TestWikis.open(database), servers));
  }

  private static void report(String scenario, Ledger ledger, Node... nodes) {
    StringBuilder line = new StringBuilder("durable invalidations, " + scenario + ": " + ledger);
    for (Node n : nodes) {
      CachingStats s = n.caching.stats();
      line.append(String.format("; %s: hit ratio %.2f, %d cache errors, relay %d delivered,"
              + " p99 %d ms, %d writes waited (longest %d ms)", n, s.total().hitRatio(),
          s.total().errors(), s.relay().entriesDelivered(),
          s.relay().deliveryLatencyP99().toMillis(), s.relay().writesThatWaited(),
          s.relay().longestWait().toMillis()));
    }
    System.out.println(line);
  }

  private static Callable<Void> at(long startNanos, Runnable action) {
    return () -> {
      sleepUntil(startNanos);
      action.run();
      return null;
    };
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
  }

  private static Callable<Void> reader(Ledger ledger, Node node, long end) {
    return () -> {
      ledger.readUntil(node, end);
      return null;
    };
  }

  private static Callable<Void> writer(Ledger ledger, Node node, long end, int maxWrites) {
    return () -> {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      int n = 0;
      while (System.nanoTime() < end && n++ < maxWrites) {
        if (!ledger.users.isEmpty() && n % 4 == 0) {
          ledger.updateProfile(node, random.nextInt(ledger.users.size()));
        } else {
          ledger.edit(node, random.nextInt(ledger.pages.size()));
        }
        Thread.sleep(5);
      }
      return null;
    };
  }

  private static void warm(Ledger ledger, Node... nodes) {
    for (Node n : nodes) {
      for (int i = 0; i < 200; i++) {
        ledger.readOnce(n);
      }
    }
  }

  /**
   * Two servers share memcached and the database; only A's link to memcached is cut, for three
   * seconds, while A edits pages and profiles. B never serves what A overwrote: A cannot delete,
   * so A's writes wait until B's relay has delivered them.
   */
  @Test
  void aWriterCutOffFromTheCacheLeavesNoOldValueForOthers() throws Exception {
    TestDatabase db = postgres();
    TcpProxy link = open(TcpProxy.start("127.0.0.1", memcached.port()));
    Node a = node("A", db, link.address());
    Node b = node("B", db, memcached.address());
    Ledger ledger = new Ledger(a.db, "Cut", 30, 5);
    warm(ledger, a, b);
    long start = System.nanoTime();
    long end = start + Duration.ofSeconds(6).toNanos();

    Concurrently.run(List.of(reader(ledger, b, end), reader(ledger, b, end),
        reader(ledger, a, end), writer(ledger, a, end, 400),
        at(start + Duration.ofSeconds(1).toNanos(), link::cut),
        at(start + Duration.ofSeconds(4).toNanos(), link::restore)));

    report("A's link cut for 3 s", ledger, a, b);
    assertThat(ledger.stale.get()).as("stale reads").isZero();
    assertThat(a.caching.stats().total().errors()).as("A noticed the cut").isPositive();
    assertThat(b.caching.stats().kind(EntityKind.PAGE).hits()).as("B used its cache").isPositive();
    assertThat(ledger.writes.get()).isPositive();
  }

  /**
   * As above, and A (a JVM of its own) dies with SIGKILL before its link returns: nobody ever
   * delivers A's invalidations from A's memory, yet B serves nothing old, because B's relay
   * delivered them from the log.
   */
  @Test
  void aCutOffWriterThatDiesLeavesNoOldValueForOthers() throws Exception {
    TestDatabase db = postgres();
    TcpProxy link = open(TcpProxy.start("127.0.0.1", memcached.port()));
    Node b = node("B", db, memcached.address());
    Ledger ledger = new Ledger(b.db, "Dies", 20, 0);
    EditorProcess a = open(EditorProcess.start(db.jdbcUrl(), db.user(), db.password(),
        link.address()));
    warm(ledger, b);
    long start = System.nanoTime();
    long end = start + Duration.ofSeconds(6).toNanos();
    long cut = start + Duration.ofSeconds(1).toNanos();
    long death = start + Duration.ofMillis(3500).toNanos();

    Callable<Void> writesInA = () -> {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      while (System.nanoTime() < death) {
        int i = random.nextInt(ledger.pages.size());
        ledger.pageSaved(i, a.edit(ledger.pages.get(i)));
      }
      a.kill();
      return null;
    };
    Concurrently.run(List.of(reader(ledger, b, end), reader(ledger, b, end), writesInA,
        at(cut, link::cut)));

    // B writes after A's death: it waits for A's silent relay at most about a lease.
    long slowest = 0;
    for (int i = 0; i < 3; i++) {
      long began = System.nanoTime();
      ledger.edit(b, i);
      slowest = Math.max(slowest, System.nanoTime() - began);
    }
    Concurrently.run(List.of(reader(ledger, b, Ledger.deadlineIn(Duration.ofSeconds(1)))));
    report("A cut off, then killed", ledger, b);
    System.out.println("slowest write of B after A died: " + slowest / 1_000_000 + " ms");
    assertThat(ledger.stale.get()).as("stale reads").isZero();
    assertThat(ledger.writes.get()).as("A wrote while cut off").isGreaterThan(3);
    assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(20));
  }

  /**
   * memcached is frozen (SIGSTOP) while A, a JVM of its own, edits; A dies and a fresh server
   * replaces it; memcached resumes holding the old values. Neither the fresh server nor B, which
   * ran throughout, serves them: both replay the log before they read the cache.
   */
  @Test
  void aFrozenCacheThatOutlivesItsWriterServesNothingOld() throws Exception {
    TestDatabase db = postgres();
    Node b = node("B", db, memcached.address());
    Ledger ledger = new Ledger(b.db, "Frozen", 20, 0);
    warm(ledger, b);
    EditorProcess a = open(EditorProcess.start(db.jdbcUrl(), db.user(), db.password(),
        memcached.address()));

    memcached.pause();
    for (int k = 0; k < 12; k++) {
      int i = k % ledger.pages.size();
      ledger.pageSaved(i, a.edit(ledger.pages.get(i)));
    }
    a.kill();
    Node fresh = node("A'", db, memcached.address());
    memcached.resume();

    long end = Ledger.deadlineIn(Duration.ofSeconds(3));
    Concurrently.run(List.of(reader(ledger, fresh, end), reader(ledger, b, end),
        reader(ledger, fresh, end)));
    report("memcached frozen, writer killed and replaced", ledger, fresh, b);
    assertThat(ledger.stale.get()).as("stale reads").isZero();
    assertThat(fresh.caching.stats().kind(EntityKind.PAGE).hits())
        .as("the fresh server uses the cache once it has replayed").isPositive();
  }

  /**
   * The database commits a save but the reply to COMMIT is lost: the save throws. A read that
   * starts after the throw, in either server, sees the committed revision.
   */
  @Test
  void aLostCommitReplyLeavesNoOldValue() throws Exception {
    TestDatabase db = postgres();
    TcpProxy pg = open(TcpProxy.start("127.0.0.1", 5432));
    JdbcWiki viaProxy = db.track(TestWikis.builder(db).url(
        db.jdbcUrl().replace("127.0.0.1:5432", pg.address()) + "&prepareThreshold=0",
        db.user(), db.password()).build());
    Node a = open(Node.start("A", viaProxy, memcached.address()));
    Node b = node("B", db, memcached.address());
    JdbcWiki direct = TestWikis.open(db);
    Ledger ledger = new Ledger(direct, "Lost", 10, 0);
    warm(ledger, a, b);
    AtomicLong thrown = new AtomicLong();
    long end = Ledger.deadlineIn(Duration.ofSeconds(5));

    Callable<Void> losingWrites = () -> {
      for (int k = 0; k < 30; k++) {
        int i = k % ledger.pages.size();
        PageName name = ledger.pages.get(i);
        long base = direct.store().get(name).orElseThrow().revision();
        pg.loseReplyTo("COMMIT");
        try {
          a.store.save(new Edit(name, base, "lost reply " + k, "A", ""));
        } catch (RuntimeException expected) {
          thrown.incrementAndGet();
        }
        // What committed, read from the database itself, is the floor from now on.
        ledger.pageSaved(i, direct.store().get(name).orElseThrow().revision());
        for (int r = 0; r < 20; r++) {
          ledger.readOnce(a);
          ledger.readOnce(b);
        }
      }
      return null;
    };
    Concurrently.run(List.of(losingWrites, reader(ledger, b, end)));
    report("COMMIT replies lost", ledger, a, b);
    assertThat(pg.repliesLost()).isEqualTo(30);
    assertThat(thrown.get()).isEqualTo(30);
    assertThat(ledger.stale.get()).as("stale reads").isZero();
  }

  /**
   * A small memcached (-m 8) evicts write tokens while batch fills, page views and edits run in
   * two servers: an evicted token never validates an old entry.
   */
  @Test
  void evictedWriteTokensNeverValidateOldEntries() throws Exception {
    MemcachedProcess small = open(MemcachedProcess.start("-m", "8"));
    TestDatabase db = postgres();
    Node a = node("A", db, small.address());
    Node b = node("B", db, small.address());
    Ledger ledger = new Ledger(a.db, "Evict", 40, 0);
    warm(ledger, a, b);
    long end = Ledger.deadlineIn(Duration.ofSeconds(6));
    Callable<Void> flood = () -> {
      try (MemcacheClient filler = XmemcachedClient.connect(small.address())) {
        byte[] junk = new byte[2000];
        long n = 0;
        while (System.nanoTime() < end) {
          filler.set("filler:" + n++, junk, Duration.ZERO);
        }
      }
      return null;
    };
    Concurrently.run(List.of(reader(ledger, a, end), reader(ledger, b, end),
        writer(ledger, a, end, 300), writer(ledger, b, end, 300), flood));
    CacheStats server = a.client.getStats();
    report("write tokens evicted (-m 8, " + server.evictions() + " evictions)", ledger, a, b);
    assertThat(server.evictions()).as("memory pressure evicted items").isPositive();
    assertThat(ledger.stale.get()).as("stale reads").isZero();
  }

  /**
   * Near caches on, in both servers: a hot page is edited in A while A's and B's readers read
   * it. Neither serves an old revision: A's near cache is invalidated before its own write
   * returns, B's by its relay before A's write returns.
   */
  @Test
  void nearCachesNeverServeOldValues() throws Exception {
    TestDatabase db = postgres();
    Node a = open(Node.start("A", TestWikis.open(db), memcached.address(),
        o -> o.nearCache(Duration.ofMinutes(10), 1000)));
    Node b = open(Node.start("B", TestWikis.open(db), memcached.address(),
        o -> o.nearCache(Duration.ofMinutes(10), 1000)));
    Ledger ledger = new Ledger(a.db, "Hot", 3, 2);
    warm(ledger, a, b);
    long end = Ledger.deadlineIn(Duration.ofSeconds(5));
    Concurrently.run(List.of(reader(ledger, a, end), reader(ledger, a, end),
        reader(ledger, b, end), reader(ledger, b, end), writer(ledger, a, end, 300)));
    report("near caches on", ledger, a, b);
    assertThat(ledger.stale.get()).as("stale reads").isZero();
    assertThat(a.caching.stats().kind(EntityKind.PAGE).hits()).isPositive();
  }

  /**
   * A rolling deploy: A runs with memcached list [M1], B with [M1, M2]. Each relay deletes in
   * its own view, and A's writes wait for B's relay, so B never serves its own old copies on M2.
   */
  @Test
  void serversWithDifferentServerListsNeverServeEachOthersOldCopies() throws Exception {
    MemcachedProcess second = open(MemcachedProcess.start());
    TestDatabase db = postgres();
    Node a = node("A", db, memcached.address());
    Node b = node("B", db, memcached.address() + "," + second.address());
    Ledger ledger = new Ledger(a.db, "Deploy", 30, 4);
    warm(ledger, a, b);
    long end = Ledger.deadlineIn(Duration.ofSeconds(5));
    Concurrently.run(List.of(reader(ledger, b, end), reader(ledger, b, end),
        reader(ledger, a, end), writer(ledger, a, end, 300)));
    long onSecond;
    try (MemcacheClient m2 = XmemcachedClient.connect(second.address())) {
      onSecond = m2.getStats().items();
    }
    report("rolling deploy, [M1] and [M1,M2] (" + onSecond + " items on M2)", ledger, a, b);
    assertThat(onSecond).as("B keeps some keys on M2").isPositive();
    assertThat(ledger.stale.get()).as("stale reads").isZero();
  }

  /**
   * MariaDB: names that differ only by trailing spaces are one row under a PAD SPACE collation.
   * Page names cannot end with a space, and usernames are compared without padding, so one
   * thing is one cache key: no reader ever sees an old profile through a padded name.
   */
  @Test
  void namesMariaDbCallsEqualAreOneCacheKey() throws Exception {
    TestDatabase db = open(TestDatabases.mariadb());
    Node a = node("A", db, memcached.address());
    Node b = node("B", db, memcached.address());
    assertThatThrownBy(() -> PageName.of("Main ")).isInstanceOf(IllegalArgumentException.class);
    User ada = a.users.signUp("ada", "correct horse", "");
    assertThat(b.users.findByName("ada ")).as("the database no longer pads").isEmpty();
    assertThat(a.db.users().findByName("ada ")).isEmpty();

    long reads = 0;
    long stale = 0;
    for (int v = 1; v <= 40; v++) {
      a.users.updateProfile(ada.id(), new ProfileUpdate("", "", "v" + v));
      for (Node n : List.of(a, b)) {
        for (String asked : List.of("ada", "ADA", "ada ", " ada")) {
          var found = n.users.findByName(asked);
          reads++;
          if (asked.equals(asked.strip())) {
            stale += found.map(u -> Long.parseLong(u.bio().substring(1))).orElse(0L) < v ? 1 : 0;
          } else {
            stale += found.isPresent() ? 1 : 0;  // the database says no such user
          }
        }
      }
    }
    System.out.println("durable invalidations, MariaDB padded names: " + reads + " reads, "
        + stale + " stale");
    assertThat(stale).isZero();
  }
}
