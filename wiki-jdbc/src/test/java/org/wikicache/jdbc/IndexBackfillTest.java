package org.wikicache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wikicache.core.Edit;
import org.wikicache.core.PageName;
import org.wikicache.core.WikiLinks;
import org.wikicache.testing.DatabaseEngine;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;

/**
 * Pages saved before migration V5 have no links and no search text: the first {@code JdbcWiki}
 * that opens the database indexes them, once.
 */
class IndexBackfillTest {
  private TestDatabase database;

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseEngine.class)
  void pagesSavedBeforeTheIndexAreIndexedWhenTheDatabaseOpens(DatabaseEngine engine) {
    database = TestDatabases.of(engine);
    JdbcWiki first = TestWikis.open(database);
    for (int i = 0; i < 450; i++) {  // more than a batch
      first.store().save(new Edit(PageName.of("Old " + i), 0, "kiwi n" + (1000 + i) + " [[Hub]]", "ada",
          ""));
    }
    first.store().save(new Edit(PageName.of("Alias"),
        0, WikiLinks.redirectContent(PageName.of("Old 1")), "ada", ""));
    // as a database migrated from V4 would be: no index yet
    first.jdbi().useHandle(h -> {
      h.execute("DELETE FROM links");
      h.execute("DELETE FROM search_text");
      h.execute("UPDATE page_index_state SET backfilled = FALSE");
    });
    assertThat(first.store().linksTo(PageName.of("Hub"), null, 10)).isEmpty();

    JdbcWiki second = TestWikis.open(database);

    assertThat(second.store().linksTo(PageName.of("Hub"), null, 1000)).hasSize(450);
    assertThat(second.store().linksTo(PageName.of("Old 1"), null, 10))
        .containsExactly(PageName.of("Alias"));
    assertThat(second.store().search("kiwi n1017", 0, 10)).extracting(h -> h.page().value())
        .containsExactly("Old 17");
    assertThat(second.store().search("kiwi", 0, 500)).hasSize(450);  // the redirect is not text
    Boolean backfilled = first.jdbi().withHandle(h -> h.createQuery(
        "SELECT backfilled FROM page_index_state").mapTo(Boolean.class).one());
    assertThat(backfilled).isTrue();
    assertThat(TestWikis.open(database).store().backfillIndex()).isZero();  // done once
  }
}
