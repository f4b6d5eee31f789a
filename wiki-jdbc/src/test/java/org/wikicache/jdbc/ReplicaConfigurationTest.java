package org.wikicache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wikicache.core.Edit;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.testing.DatabaseEngine;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;

/**
 * Replicas that are never behind (a second pool on the same database), so the routing and its
 * SQL run on every build and every database: which reads use the replica, the builder's
 * checks, a replica that cannot be reached when the wiki opens, and read floors.
 */
class ReplicaConfigurationTest {
  private final TestDatabase db = TestDatabases.h2();

  @AfterEach
  void close() {
    db.close();
  }

  private static HikariDataSource sameDatabase(TestDatabase db) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.jdbcUrl());
    config.setUsername(db.user());
    config.setPassword(db.password());
    config.setMaximumPoolSize(2);
    return db.track(new HikariDataSource(config));
  }

  /** The lag check's SQL on each database (its replica: a second pool on the same database). */
  @ParameterizedTest
  @EnumSource(DatabaseEngine.class)
  void readsThatMayBeOldUseTheReplicaAndLagSafeOnesToo(DatabaseEngine engine) {
    try (TestDatabase on = TestDatabases.of(engine)) {
      readsThatMayBeOldUseTheReplicaAndLagSafeOnesToo(on);
    }
  }

  private void readsThatMayBeOldUseTheReplicaAndLagSafeOnesToo(TestDatabase db) {
    JdbcWiki wiki = db.track(TestWikis.builder(db).replica(sameDatabase(db)).build());
    JdbcWikiStore store = wiki.store();
    PageName main = PageName.of("Main");
    store.save(new Edit(main, 0, "one", "ada", ""));
    long before = wiki.queryCount();
    assertThat(store.get(main)).map(Page::content).hasValue("one");
    assertThat(wiki.replicaStats().replicaReads()).isEqualTo(1);
    assertThat(wiki.queryCount() - before).isEqualTo(1);  // counted like the primary's

    // lag-safe: the primary says where the page's latest change is, the replica has it
    assertThat(store.lagSafe(() -> store.get(main))).isPresent();
    assertThat(store.lagSafe(() -> store.getAll(java.util.List.of(main, PageName.of("No")))))
        .containsOnlyKeys(main);
    assertThat(store.lagSafe(() -> store.recentChanges(5))).hasSize(1);
    assertThat(store.lagSafe(() -> store.history(main, Long.MAX_VALUE, 5))).hasSize(1);
    assertThat(store.lagSafe(() -> store.revision(main, 1))).isPresent();
    assertThat(wiki.users().lagSafe(() -> wiki.users().findByName(""))).isEmpty();
    assertThat(wiki.users().lagSafe(() -> wiki.users().findById(42))).isEmpty();
    ReplicaStats stats = wiki.replicaStats();
    assertThat(stats.fillsAllowed()).isEqualTo(7);
    assertThat(stats.fillsRefused()).isZero();
    assertThat(stats.primaryReads()).isZero();
    assertThat(stats.healthy()).isEqualTo(1);
    // a fill of a page changed a moment ago: the hold-off would have refused it
    assertThat(stats.holdOffSavedByLog()).isPositive();
  }

  @Test
  void aReplicaThatCannotBeReachedDoesNotStopTheWiki() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    long start = System.nanoTime();
    JdbcWiki wiki = db.track(TestWikis.builder(db)
        .replica("jdbc:postgresql://127.0.0.1:" + closedPort + "/wiki", "u", "secret-pw")
        .replicaTimeout(Duration.ofMillis(250)).build());
    wiki.store().save(new Edit(PageName.of("Main"), 0, "one", "ada", ""));
    assertThat(wiki.store().get(PageName.of("Main"))).isPresent();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    ReplicaStats stats = wiki.replicaStats();
    assertThat(stats.healthy()).isZero();
    assertThat(stats.replicaReads()).isZero();
    assertThat(stats.primaryReads()).isEqualTo(1);
    assertThat(wiki.describeReplicas()).singleElement().asString().contains("down")
        .doesNotContain("secret-pw");
  }

  @Test
  void theBuilderChecksItsReplicaSettings() {
    JdbcWiki.Builder b = JdbcWiki.newBuilder();
    assertThatThrownBy(() -> b.replica("postgres://r/wiki", null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.replicaMaxLag(Duration.ofMillis(50)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.replicaWait(Duration.ofSeconds(6)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.replicaTimeout(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.replicaCheckInterval(Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.holdOff(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    for (int i = 0; i < JdbcWiki.MAX_REPLICAS; i++) {
      b.replica("jdbc:postgresql://r" + i + "/wiki", null, null);
    }
    assertThatThrownBy(() -> b.replica("jdbc:postgresql://one-too-many/wiki", null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16");
  }

  @Test
  void readFloorsNestRecordWritesAndAreClosedByTheirThread() throws Exception {
    JdbcWiki wiki = db.track(TestWikis.open(db));
    assertThatThrownBy(() -> wiki.readingAtLeast(-1)).isInstanceOf(IllegalArgumentException.class);
    try (ReadFloor outer = wiki.readingAtLeast(5)) {
      try (ReadFloor inner = ReadFloor.atLeast(2)) {
        assertThat(inner.floor()).isEqualTo(5);
        wiki.store().save(new Edit(PageName.of("Main"), 0, "one", "ada", ""));
        assertThat(inner.written()).isEqualTo(1);
      }
      assertThat(outer.written()).isEqualTo(1);
      assertThat(outer.floor()).isEqualTo(5);
      assertThat(ReadFloor.currentFloor()).isEqualTo(5);
      Thread other = new Thread(() -> assertThat(ReadFloor.currentFloor()).isZero());
      other.start();
      other.join();
    }
    assertThat(ReadFloor.currentFloor()).isZero();
    ReadFloor.atLeast(3);
    ReadFloor.atLeast(4);  // a request that never closed its scopes
    assertThat(ReadFloor.closeLeftovers()).isEqualTo(2);
    assertThat(ReadFloor.currentFloor()).isZero();
  }
}
