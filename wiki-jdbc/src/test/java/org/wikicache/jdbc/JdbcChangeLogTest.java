package org.wikicache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.wikicache.testing.MutableClock;
import org.wikicache.core.ChangeLog;
import org.wikicache.core.ChangeLog.Change;
import org.wikicache.core.Edit;
import org.wikicache.core.PageName;
import org.wikicache.testing.DatabaseEngine;
import org.wikicache.testing.TcpProxy;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;

/** What the database's change log does beyond the contract: lost replies, pruning, push. */
class JdbcChangeLogTest {
  private final PageName main = PageName.of("Main");

  /**
   * The reply to COMMIT is lost on the way back: the save throws, yet it committed. Subscribers
   * hear that the outcome is unknown before the failure reaches the caller, and the log holds the
   * entry for every relay to deliver.
   */
  @ParameterizedTest
  @EnumSource(value = DatabaseEngine.class, names = {"POSTGRESQL", "MARIADB"})
  void aLostCommitReplyIsReportedAsUncertainAndTheEntryIsInTheLog(DatabaseEngine engine) {
    try (TestDatabase database = TestDatabases.of(engine)) {
      String direct = database.jdbcUrl();
      String hostPort = engine == DatabaseEngine.POSTGRESQL ? "127.0.0.1:5432" : "127.0.0.1:3306";
      try (TcpProxy proxy = TcpProxy.start("127.0.0.1", Integer.parseInt(hostPort.split(":")[1]))) {
        // prepareThreshold=0: pgjdbc would otherwise send COMMIT as a named statement, not text
        String url = direct.replace(hostPort, proxy.address())
            + (engine == DatabaseEngine.POSTGRESQL ? "&prepareThreshold=0" : "");
        JdbcWiki viaProxy = database.track(TestWikis.builder(database)
            .url(url, database.user(), database.password()).build());
        viaProxy.store().save(new Edit(main, 0, "one", "ada", ""));
        AtomicInteger uncertain = new AtomicInteger();
        AtomicInteger committed = new AtomicInteger();
        try (AutoCloseable s = viaProxy.changeLog().subscribe(new ChangeLog.Subscriber() {
          @Override
          public void committed(List<ChangeLog.Entry> entries) {
            committed.incrementAndGet();
          }

          @Override
          public void uncertain() {
            uncertain.incrementAndGet();
          }
        })) {
          proxy.loseReplyTo("COMMIT");
          assertThatThrownBy(() -> viaProxy.store().save(new Edit(main, 1, "two", "ada", "")))
              .isInstanceOf(RuntimeException.class);
        } catch (Exception e) {
          throw new AssertionError(e);
        }
        assertThat(proxy.repliesLost()).isEqualTo(1);
        assertThat(uncertain).hasValue(1);
        assertThat(committed).hasValue(0);

        JdbcWiki other = TestWikis.open(database);
        assertThat(other.store().get(main).orElseThrow().content())
            .as("the save committed though its caller saw an error").isEqualTo("two");
        assertThat(other.changeLog().read(0, 10)).extracting(ChangeLog.Entry::change)
            .containsExactly(Change.page(main), Change.page(main));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseEngine.class)
  void entriesOlderThanTheRetentionByTheDatabasesClockArePruned(DatabaseEngine engine) {
    try (TestDatabase database = TestDatabases.of(engine)) {
      JdbcWiki wiki = database.track(TestWikis.builder(database)
          .changeLogRetention(Duration.ofHours(1)).build());
      wiki.store().save(new Edit(main, 0, "old", "ada", ""));
      wiki.store().save(new Edit(PageName.of("Newer"), 0, "x", "ada", ""));
      List<ChangeLog.Entry> entries = wiki.changeLog().read(0, 10);
      assertThat(Duration.between(entries.get(0).time(), Instant.now()).abs())
          .as("stamped by the database's clock").isLessThan(Duration.ofMinutes(5));
      // Age the first entry by 70 minutes, as the database's clock sees it.
      wiki.jdbi().useHandle(h -> h.execute("UPDATE change_log SET created_at = created_at - "
          + Duration.ofMinutes(70).toNanos() / 1000 + " WHERE position = 1"));

      JdbcChangeLog log = (JdbcChangeLog) wiki.changeLog();
      assertThat(log.prune()).isEqualTo(1);
      assertThat(log.read(0, 10)).extracting(ChangeLog.Entry::change)
          .containsExactly(Change.page(PageName.of("Newer")));
      assertThat(log.head()).as("positions go on from where they were").isEqualTo(2);
      assertThat(log.retention()).isEqualTo(Duration.ofHours(1));
    }
  }

  @Test
  void theRetentionHasAFloor() {
    assertThatThrownBy(() -> JdbcWiki.newBuilder().changeLogRetention(Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("changeLogRetention");
  }

  /** Another process's append reaches this one's subscribers through LISTEN/NOTIFY. */
  @Test
  void postgresPushesOtherProcessesAppendsAndReports() throws Exception {
    try (TestDatabase database = TestDatabases.postgres();
        TcpProxy proxy = TcpProxy.start("127.0.0.1", 5432)) {
      JdbcWiki here = TestWikis.open(database);
      // Another URL: a JdbcWiki this JVM does not know shares the database, as another process.
      JdbcWiki there = database.track(TestWikis.builder(database).url(
          database.jdbcUrl().replace("127.0.0.1:5432", proxy.address()), database.user(),
          database.password()).build());
      AtomicInteger activity = new AtomicInteger();
      try (AutoCloseable s = here.changeLog().subscribe(new ChangeLog.Subscriber() {
        @Override
        public void activity() {
          activity.incrementAndGet();
        }
      })) {
        await().atMost(Duration.ofSeconds(10)).until(() -> here.changeLog().pushesRemoteActivity());
        int before = activity.get();
        there.store().save(new Edit(main, 0, "x", "ada", ""));
        await().atMost(Duration.ofSeconds(5)).until(() -> activity.get() > before);

        int beforeReport = activity.get();
        long relay = there.changeLog().register("elsewhere");
        there.changeLog().report(relay, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> activity.get() > beforeReport);
      }
    }
  }
}
