package org.wikicache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wikicache.core.ChangeLog;
import org.wikicache.core.Session;
import org.wikicache.core.internal.SessionTokens;
import org.wikicache.testing.Concurrently;
import org.wikicache.testing.DatabaseEngine;
import org.wikicache.testing.MutableClock;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;

/**
 * What the database adds to the session contract: sessions outlive the process, only the token's
 * hash is stored, a logout is in the change log, expired rows are purged, and the shared secret
 * is one for every process even when they race to make it.
 */
class JdbcSessionStoreTest {
  @ParameterizedTest
  @EnumSource(DatabaseEngine.class)
  void aSessionOutlivesTheProcessAndOnlyItsHashIsStored(DatabaseEngine engine) throws Exception {
    try (TestDatabase db = TestDatabases.of(engine)) {
      Session s;
      try (JdbcWiki first = TestWikis.builder(db).build()) {
        s = first.sessions().create(5, Duration.ofDays(1));
      }
      JdbcWiki second = TestWikis.open(db);  // a restart, or another server

      assertThat(second.sessions().find(s.token())).contains(s);
      List<String> stored = second.jdbi().withHandle(h -> h.createQuery(
          "SELECT token_hash FROM sessions").mapTo(String.class).list());
      assertThat(stored).containsExactly(SessionTokens.hash(s.token()))
          .doesNotContain(s.token());
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseEngine.class)
  void aLogoutIsInTheChangeLogAndAnUnknownTokenIsNot(DatabaseEngine engine) {
    try (TestDatabase db = TestDatabases.of(engine)) {
      JdbcWiki wiki = TestWikis.open(db);
      Session s = wiki.sessions().create(5, Duration.ofDays(1));
      long head = wiki.changeLog().head();

      assertThat(wiki.sessions().delete(SessionTokens.newToken())).isFalse();
      assertThat(wiki.changeLog().head()).isEqualTo(head);
      assertThat(wiki.sessions().delete(s.token())).isTrue();

      assertThat(wiki.changeLog().read(head, 10)).extracting(ChangeLog.Entry::change)
          .containsExactly(ChangeLog.Change.session(SessionTokens.hash(s.token())));
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseEngine.class)
  void expiredRowsArePurgedAndLiveOnesKept(DatabaseEngine engine) {
    try (TestDatabase db = TestDatabases.of(engine)) {
      MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
      JdbcWiki wiki = db.track(TestWikis.builder(db).clock(clock).build());
      wiki.sessions().create(1, Duration.ofMinutes(1));
      Session longer = wiki.sessions().create(1, Duration.ofHours(1));
      clock.advance(Duration.ofMinutes(1));

      assertThat(wiki.sessions().purgeExpired()).isEqualTo(1);
      assertThat(wiki.sessions().count()).isEqualTo(1);
      assertThat(wiki.sessions().find(longer.token())).contains(longer);
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseEngine.class)
  void processesRacingForASharedSecretAllGetTheSameOne(DatabaseEngine engine) throws Exception {
    try (TestDatabase db = TestDatabases.of(engine)) {
      List<JdbcWiki> servers = List.of(TestWikis.open(db), TestWikis.open(db), TestWikis.open(db),
          TestWikis.open(db));
      java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
      List<String> secrets = Concurrently.run(4, () -> java.util.Base64.getEncoder()
          .encodeToString(servers.get(next.getAndIncrement()).sharedSecret("csrf-key", 32)));

      assertThat(secrets).hasSize(4);
      assertThat(java.util.Set.copyOf(secrets)).hasSize(1);
      assertThat(java.util.Base64.getDecoder().decode(secrets.get(0))).hasSize(32);
      assertThat(servers.get(0).sharedSecret("csrf-key", 64)).hasSize(32);  // kept as made
      assertThat(servers.get(0).sharedSecret("other", 32)).isNotEqualTo(
          java.util.Base64.getDecoder().decode(secrets.get(0)));
    }
  }

  @ParameterizedTest
  @EnumSource(value = DatabaseEngine.class, names = "H2")
  void badSecretNamesAndSizesAreRefused(DatabaseEngine engine) {
    try (TestDatabase db = TestDatabases.of(engine)) {
      JdbcWiki wiki = TestWikis.open(db);
      assertThatThrownBy(() -> wiki.sharedSecret("Bad Name", 32))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> wiki.sharedSecret("ok", 16))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> wiki.sharedSecret("x".repeat(65), 32))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
