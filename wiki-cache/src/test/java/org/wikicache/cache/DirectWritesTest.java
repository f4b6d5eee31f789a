package org.wikicache.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wikicache.core.Edit;
import org.wikicache.core.PageName;
import org.wikicache.core.ProfileUpdate;
import org.wikicache.core.User;
import org.wikicache.core.UserProfiles;
import org.wikicache.core.WikiStore;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.testing.DatabaseEngine;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;

/**
 * Writes made on a bare {@code JdbcWiki}, in a process where no caching layer relays its log (a
 * batch job), are never read stale through another process's layer once they have returned: the
 * writer waits for the other relays itself. The reader's relay polls slowly here (200 ms), so
 * without that wait most reads right after a save would see the revision before it.
 */
class DirectWritesTest {
  private final PageName main = PageName.of("Main");

  @ParameterizedTest
  @EnumSource(value = DatabaseEngine.class, names = {"POSTGRESQL", "MARIADB"})
  void aSaveOrProfileUpdateOnABareJdbcWikiIsSeenByOtherLayersOnceItReturned(
      DatabaseEngine engine) {
    try (TestDatabase database = TestDatabases.of(engine)) {
      JdbcWiki batchJob = TestWikis.open(database);
      JdbcWiki server = TestWikis.open(database);
      try (CachingStores layer = CachingStores.newBuilder(InMemoryMemcacheClient.newBuilder()
          .build()).nearCache(Duration.ofHours(1), 1000)
          .relayPollInterval(Duration.ofMillis(200)).build()) {
        WikiStore cached = layer.store(server.store());
        UserProfiles people = layer.users(server.users());
        batchJob.store().save(new Edit(main, 0, "r1", "job", ""));
        User ada = batchJob.users().signUp("ada", "correct horse", "");
        int stale = 0;
        for (int r = 1; r <= 15; r++) {
          cached.get(main);  // cached in memcache and the near cache
          people.findById(ada.id());
          batchJob.store().save(new Edit(main, r, "r" + (r + 1), "job", ""));
          batchJob.users().updateProfile(ada.id(), new ProfileUpdate("", "", "bio " + r));
          if (cached.get(main).orElseThrow().revision() != r + 1) {
            stale++;
          }
          if (!people.findById(ada.id()).orElseThrow().bio().equals("bio " + r)) {
            stale++;
          }
        }
        assertThat(stale).as("stale reads after a returned direct write").isZero();
      }
    }
  }
}
