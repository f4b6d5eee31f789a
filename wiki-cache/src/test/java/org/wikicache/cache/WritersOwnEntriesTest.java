package org.wikicache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wikicache.core.ChangeLog;
import org.wikicache.core.Edit;
import org.wikicache.core.PageName;
import org.wikicache.core.WikiStore;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.testing.DatabaseEngine;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;

/**
 * A relay may read a save's entry before the saving thread has delivered it: PostgreSQL wakes the
 * relay at the COMMIT, and a polling relay may read at any moment. Here a subscriber ahead of the
 * layer holds the writer for 100 ms after the commit, so the relay reads the entry first. It
 * leaves the entry to its writer: the keys are deleted once, and a page read back after the save
 * returned stays cached (a second delete would drop it, and the next read would miss).
 */
class WritersOwnEntriesTest {
  private final PageName main = PageName.of("Main");

  @ParameterizedTest
  @EnumSource(value = DatabaseEngine.class, names = {"POSTGRESQL", "MARIADB"})
  void aSaveDeletesItsKeysOnceEvenWhenTheRelayReadsItsEntryFirst(DatabaseEngine engine)
      throws Exception {
    try (TestDatabase database = TestDatabases.of(engine)) {
      JdbcWiki wiki = TestWikis.open(database);
      wiki.changeLog().subscribe(holdingTheWriter(Duration.ofMillis(100)));
      MemcacheClient cache = spy(InMemoryMemcacheClient.newBuilder().build());
      try (CachingStores layer = CachingStores.newBuilder(cache)
          .relayPollInterval(Duration.ofMillis(5)).build()) {
        WikiStore store = layer.store(wiki.store());
        String pageKey = layer.keys().page(main);
        store.save(new Edit(main, 0, "one", "ada", ""));
        Thread.sleep(300);
        clearInvocations(cache);

        store.save(new Edit(main, 1, "two", "bob", ""));
        assertThat(store.get(main).orElseThrow().content()).isEqualTo("two");
        Thread.sleep(300);  // the relay has read the entry many times over

        verify(cache, times(1)).deleteMulti(argThat(keys -> keys.contains(pageKey)));
        clearInvocations(cache);
        assertThat(store.get(main).orElseThrow().content()).isEqualTo("two");
        verify(cache).get(pageKey);
        verifyNoMoreInteractions(cache);
      }
    }
  }

  private static ChangeLog.Subscriber holdingTheWriter(Duration hold) {
    return new ChangeLog.Subscriber() {
      @Override
      public void committed(List<ChangeLog.Entry> entries) {
        try {
          Thread.sleep(hold.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }
}
