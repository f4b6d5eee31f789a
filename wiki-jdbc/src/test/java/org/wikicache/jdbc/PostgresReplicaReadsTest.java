package org.wikicache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wikicache.core.Edit;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.SaveResult;
import org.wikicache.core.User;
import org.wikicache.testing.PostgresReplica;
import org.wikicache.testing.PostgresReplicaExtension;
import org.wikicache.testing.TcpProxy;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;

/**
 * {@link JdbcWiki} over a real PostgreSQL streaming replica that applies each commit one second
 * late: which reads use the replica, the lag-safe rule, read-your-writes across two wikis
 * ("servers"), and a replica that is cut off or too far behind.
 */
class PostgresReplicaReadsTest {
  private static final Duration DELAY = Duration.ofSeconds(1);
  @RegisterExtension
  static final PostgresReplicaExtension REPLICA = new PostgresReplicaExtension(DELAY);

  private TestDatabase db;
  private TcpProxy proxy;

  @BeforeEach
  void database() {
    db = TestDatabases.postgres();
    db.track(TestWikis.open(db)).close();  // the schema, migrated on the primary
    assertThat(REPLICA.get().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
    proxy = db.track(TcpProxy.start("127.0.0.1", REPLICA.get().port()));
  }

  @AfterEach
  void drop() {
    db.close();
  }

  private JdbcWiki wiki(Duration maxLag) {
    String url = PostgresReplica.urlOf(db.jdbcUrl(), proxy.address());
    return db.track(TestWikis.builder(db).replica(url, db.user(), db.password())
        .replicaMaxLag(maxLag).replicaTimeout(Duration.ofMillis(500))
        .replicaCheckInterval(Duration.ofMillis(50)).build());
  }

  private static Edit create(String page, String text) {
    return new Edit(PageName.of(page), 0, text, "ada", "create");
  }

  @Test
  void plainReadsUseTheReplicaAndMayBeOldLagSafeReadsNever() {
    JdbcWiki wiki = wiki(Duration.ofSeconds(30));
    PageName main = PageName.of("Main");
    wiki.store().save(create("Main", "one"));

    // A plain read goes to the replica, which has not applied the create yet.
    assertThat(wiki.store().get(main)).isEmpty();
    assertThat(wiki.replicaStats().replicaReads()).isEqualTo(1);

    // A lag-safe read of the same page is refused by the replica and reads the primary.
    Optional<Page> safe = wiki.store().lagSafe(() -> wiki.store().get(main));
    assertThat(safe).map(Page::content).hasValue("one");
    ReplicaStats stats = wiki.replicaStats();
    assertThat(stats.fillsRefused()).isEqualTo(1);
    assertThat(stats.fillsAllowed()).isZero();
    assertThat(stats.holdOffRefused()).isEqualTo(1);  // the hold-off would refuse it too

    // Once the replica has replayed the change (and a check saw it), lag-safe reads use it.
    caughtUpAndChecked();
    assertThat(wiki.store().lagSafe(() -> wiki.store().get(main))).map(Page::content)
        .hasValue("one");
    stats = wiki.replicaStats();
    assertThat(stats.fillsAllowed()).isEqualTo(1);
    // ... which the 11 s hold-off would still refuse: a fill the position rule saves.
    assertThat(stats.holdOffSavedByLog()).isEqualTo(1);

    // Other keys are not held back by this page's change; listings need the whole log replayed.
    wiki.store().save(new Edit(main, 1, "two", "ada", "edit"));
    assertThat(wiki.store().lagSafe(() -> wiki.store().get(PageName.of("Other")))).isEmpty();
    assertThat(wiki.replicaStats().fillsAllowed()).isEqualTo(2);
    assertThat(wiki.store().lagSafe(() -> wiki.store().recentChanges(10)))
        .extracting(r -> r.number()).containsExactly(2L, 1L);
    assertThat(wiki.store().lagSafe(() -> wiki.store().history(main, Long.MAX_VALUE, 10)))
        .hasSize(2);
    assertThat(wiki.replicaStats().fillsRefused()).isEqualTo(3);
  }

  @Test
  void profilesAreReadLagSafelyByIdAndName() {
    JdbcWiki wiki = wiki(Duration.ofSeconds(30));
    User ada = wiki.users().signUp("Ada", "correct horse battery", "ada@example.org");
    assertThat(wiki.users().findById(ada.id())).isEmpty();  // plain: the lagging replica
    assertThat(wiki.users().lagSafe(() -> wiki.users().findById(ada.id()))).hasValue(ada);
    assertThat(wiki.users().lagSafe(() -> wiki.users().findByName("ADA"))).hasValue(ada);
    assertThat(wiki.users().authenticate("ada", "correct horse battery")).hasValue(ada);
    assertThat(wiki.replicaStats().fillsRefused()).isEqualTo(2);
  }

  @Test
  @SuppressWarnings("try")  // the scope is what the test is about
  void readYourWritesAcrossTwoWikisThroughTheWritePosition() {
    JdbcWiki serverA = wiki(Duration.ofSeconds(30));
    JdbcWiki serverB = wiki(Duration.ofSeconds(30));
    PageName main = PageName.of("Main");
    long position;
    try (ReadFloor request = serverA.readingAtLeast(0)) {
      SaveResult saved = serverA.store().save(create("Main", "mine"));
      assertThat(saved.created()).isTrue();
      position = request.written();
      assertThat(position).isPositive();
      assertThat(request.floor()).isEqualTo(position);
      // later reads of the same request see the write
      assertThat(serverA.store().get(main)).map(Page::content).hasValue("mine");
    }
    // Another user on server B, without the floor, reads the lagging replica.
    assertThat(serverB.store().get(main)).isEmpty();
    // The writer's next request lands on server B with the position from their cookie.
    try (ReadFloor request = serverB.readingAtLeast(position)) {
      assertThat(serverB.store().get(main)).map(Page::content).hasValue("mine");
      assertThat(serverB.store().listPages(null, 10)).containsExactly(main);
      assertThat(request.written()).isZero();
    }
    assertThat(serverB.replicaStats().floorRefused()).isEqualTo(2);
    // Once the replica has caught up, the same floor is served by the replica.
    caughtUpAndChecked();
    long before = serverB.replicaStats().replicaReads();
    try (ReadFloor request = serverB.readingAtLeast(position)) {
      assertThat(serverB.store().get(main)).map(Page::content).hasValue("mine");
    }
    assertThat(serverB.replicaStats().replicaReads()).isEqualTo(before + 1);
  }

  @Test
  void aReplicaThatIsCutOffIsSkippedAndComesBack() {
    JdbcWiki wiki = wiki(Duration.ofSeconds(30));
    PageName main = PageName.of("Main");
    wiki.store().save(create("Main", "one"));
    assertThat(REPLICA.get().awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
    assertThat(wiki.store().get(main)).isPresent();
    assertThat(wiki.replicaStats().replicaReads()).isEqualTo(1);

    proxy.cut();
    long start = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      assertThat(wiki.store().get(main)).map(Page::content).hasValue("one");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    ReplicaStats down = wiki.replicaStats();
    assertThat(down.failures()).isPositive();
    assertThat(down.healthy()).isZero();
    assertThat(down.primaryReads()).isGreaterThanOrEqualTo(19);

    proxy.restore();
    await(() -> wiki.replicaStats().healthy() == 1, Duration.ofSeconds(10));
    long before = wiki.replicaStats().replicaReads();
    assertThat(wiki.store().get(main)).isPresent();
    assertThat(wiki.replicaStats().replicaReads()).isEqualTo(before + 1);
  }

  @Test
  void aStalledReplicaCostsAtMostItsTimeout() {
    JdbcWiki wiki = wiki(Duration.ofSeconds(30));
    PageName main = PageName.of("Main");
    wiki.store().save(create("Main", "one"));
    assertThat(REPLICA.get().awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
    proxy.stall();
    long start = System.nanoTime();
    assertThat(wiki.store().get(main)).map(Page::content).hasValue("one");
    assertThat(wiki.store().get(main)).map(Page::content).hasValue("one");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    proxy.restore();
  }

  @Test
  void aReplicaTooFarBehindIsSkipped() {
    JdbcWiki wiki = wiki(Duration.ofMillis(300));
    PageName main = PageName.of("Main");
    wiki.store().save(create("Main", "one"));
    // The replica applies the create a second late: more than the 300 ms allowed.
    await(() -> wiki.replicaStats().healthy() == 0, Duration.ofSeconds(5));
    assertThat(wiki.store().get(main)).map(Page::content).hasValue("one");  // the primary
    await(() -> wiki.replicaStats().healthy() == 1, Duration.ofSeconds(10));
    assertThat(wiki.store().get(main)).map(Page::content).hasValue("one");
  }

  /** Waits until the replica has replayed everything, and the wikis' checks (50 ms) saw it. */
  private static void caughtUpAndChecked() {
    assertThat(REPLICA.get().awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void await(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited %s", timeout).isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
