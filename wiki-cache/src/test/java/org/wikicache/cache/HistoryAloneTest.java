package org.wikicache.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wikicache.core.Edit;
import org.wikicache.core.Move;
import org.wikicache.core.PageName;
import org.wikicache.core.RevisionHistory;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.testing.TestDatabase;

/**
 * A caching {@link RevisionHistory} used on its own, with no caching store beside it: it relays
 * the store's change log by itself, so a delete or a move made straight on the store (another
 * tool, another process) takes the revisions away from the old name in the cache too.
 */
class HistoryAloneTest {
  private final JdbcWiki db = JdbcWiki.newBuilder()
      .h2InMemory("history_" + UUID.randomUUID().toString().replace("-", ""))
      .passwordHasher(TestDatabase.FAST_HASHER).build();
  private final CachingStores caching = CachingStores.over(InMemoryMemcacheClient.create());
  private final RevisionHistory history = caching.history(db.store());

  @AfterEach
  void close() {
    caching.close();
    db.close();
  }

  @Test
  void aDeleteOnTheStoreHidesTheCachedRevisions() {
    PageName secret = PageName.of("Secret");
    db.store().save(new Edit(secret, 0, "secret text", "ada", ""));
    assertThat(history.revision(secret, 1)).isPresent();  // cached now

    assertThat(db.store().delete(secret, "admin")).isTrue();
    assertThat(db.store().revision(secret, 1)).isEmpty();
    assertThat(history.revision(secret, 1)).as("cached revision of a deleted page").isEmpty();
  }

  @Test
  void aMoveOnTheStoreTakesTheRevisionsAwayFromTheOldName() {
    PageName draft = PageName.of("Draft");
    PageName guide = PageName.of("Guide");
    db.store().save(new Edit(draft, 0, "draft text", "ada", ""));
    assertThat(history.revision(draft, 1)).isPresent();

    db.store().move(new Move(draft, guide, false, "ada", "rename"));
    assertThat(history.revision(guide, 1).orElseThrow().content()).isEqualTo("draft text");
    // the old name now holds only the redirect left behind, as its first revision
    assertThat(history.revision(draft, 1).map(r -> r.content()))
        .isEqualTo(db.store().revision(draft, 1).map(r -> r.content()));
  }
}
