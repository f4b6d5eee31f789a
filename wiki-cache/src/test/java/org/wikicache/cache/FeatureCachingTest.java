package org.wikicache.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.wikicache.core.Edit;
import org.wikicache.core.Move;
import org.wikicache.core.PageName;
import org.wikicache.core.RevisionHistory;
import org.wikicache.core.WikiLinks;
import org.wikicache.core.WikiStore;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.jdbc.JdbcWikiStore;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;

/**
 * The new read paths through the cache over H2: what a cached view costs the store, and that
 * every new write, made on the database's store directly (not through this layer), invalidates
 * what it makes obsolete through the durable change log alone.
 */
class FeatureCachingTest {
  private TestDatabase database;
  private JdbcWikiStore db;
  private MemcacheClient client;
  private CachingStores caching;
  private CountingWikiStore counting;
  private WikiStore cached;
  private RevisionHistory cachedHistory;

  @BeforeEach
  void open() {
    database = TestDatabases.h2();
    JdbcWiki wiki = TestWikis.open(database);
    db = wiki.store();
    client = Mockito.spy(InMemoryMemcacheClient.newBuilder().build());
    caching = CachingStores.newBuilder(client).changeLog(wiki.changeLog()).build();
    counting = new CountingWikiStore(db);  // hides the log: the layer relays it (changeLog above)
    cached = caching.store(counting);
    cachedHistory = caching.history(db);
  }

  @AfterEach
  void close() {
    caching.close();
    caching.client().close();
    database.close();
  }

  private static PageName n(String name) {
    return PageName.of(name);
  }

  private void save(String page, long base, String content) {
    db.save(new Edit(n(page), base, content, "ada", ""));
  }

  /**
   * Store statements {@code read} costs on a miss, then on the second and third (cached) views,
   * then the memcache round trips (get and getMulti calls) of the third view.
   */
  private <T> long[] costs(Supplier<T> read) {
    long before = db.queryCount();
    read.get();
    long miss = db.queryCount() - before;
    before = db.queryCount();
    read.get();
    long second = db.queryCount() - before;
    before = db.queryCount();
    Mockito.clearInvocations(client);
    read.get();
    long trips = Mockito.mockingDetails(client).getInvocations().stream()
        .filter(i -> i.getMethod().getName().startsWith("get")).count();
    return new long[] {miss, second, db.queryCount() - before, trips};
  }

  @Test
  void cachedViewsOfSearchAndLinksCostNoStoreQuery() {
    for (int i = 0; i < 20; i++) {
      save("Page " + i, 0, "tomato number " + i + " links to [[Hub]] and [[Missing " + i + "]]");
    }
    long[] search = costs(() -> cached.search("Tomato", 0, 10));
    long[] links = costs(() -> cached.linksTo(n("Hub"), null, 10));
    long[] wanted = costs(() -> cached.wantedPages(null, 10));
    long[] index = costs(() -> cached.listPages(n("Page 1"), 10));
    long[] subpages = costs(() -> cached.subpages(n("Page 1"), null, 10));
    long[] contributions = costs(() -> cached.contributions("ada", Long.MAX_VALUE, 10));
    System.out.printf("store statements on a miss, on the 2nd and 3rd views, memcache round"
            + " trips of the 3rd view: search %s, links %s, wanted %s, index %s, sub-pages %s,"
            + " contributions %s%n", str(search), str(links), str(wanted), str(index),
        str(subpages), str(contributions));

    for (long[] cost : List.of(search, links, wanted, index, subpages, contributions)) {
      assertThat(cost[0]).isPositive();
      assertThat(cost[1]).isZero();
      assertThat(cost[2]).isZero();
      assertThat(cost[3]).isEqualTo(1);  // one getMulti of the generation and the list
    }
    assertThat(cached.search("tomato!", 0, 10)).hasSize(10);  // one entry per normalised query
  }

  private static String str(long[] cost) {
    return java.util.Arrays.toString(cost);
  }

  @Test
  void aSaveInvalidatesLinksWantedSearchAndTheIndex() {
    save("A", 0, "apple [[B]]");
    assertThat(cached.linksTo(n("B"), null, 10)).containsExactly(n("A"));
    assertThat(cached.wantedPages(null, 10)).containsExactly(n("B"));
    assertThat(cached.search("apple", 0, 10)).hasSize(1);
    assertThat(cached.subpages(n("A"), null, 10)).isEmpty();
    assertThat(cached.contributions("bob", Long.MAX_VALUE, 10).revisions()).isEmpty();

    db.save(new Edit(n("A"), 1, "pear [[C]]", "bob", ""));
    save("B", 0, "now exists");
    save("A/Sub", 0, "sub");

    assertThat(cached.linksTo(n("B"), null, 10)).isEmpty();
    assertThat(cached.wantedPages(null, 10)).containsExactly(n("C"));
    assertThat(cached.search("apple", 0, 10)).isEmpty();
    assertThat(cached.search("pear", 0, 10)).hasSize(1);
    assertThat(cached.subpages(n("A"), null, 10)).containsExactly(n("A/Sub"));
    assertThat(cached.contributions("bob", Long.MAX_VALUE, 10).revisions()).hasSize(1);
  }

  @Test
  void aMoveInvalidatesBothNamesTheirRevisionsProtectionAndTheLists() {
    save("Old", 0, "one [[Target]]");
    save("Old", 1, "two [[Target]]");
    db.setProtected(n("Old"), true);
    assertThat(cached.get(n("Old"))).isPresent();
    assertThat(cached.get(n("New"))).isEmpty();
    assertThat(cachedHistory.revision(n("Old"), 1)).isPresent();
    assertThat(cached.isProtected(n("Old"))).isTrue();
    assertThat(cached.isProtected(n("New"))).isFalse();
    assertThat(cached.linksTo(n("Target"), null, 10)).containsExactly(n("Old"));
    assertThat(cached.listPages(null, 10)).containsExactly(n("Old"));

    db.move(new Move(n("Old"), n("New"), false, "mover", ""));

    assertThat(WikiLinks.redirectTarget(cached.get(n("Old")).orElseThrow().content()))
        .contains(n("New"));
    assertThat(cached.get(n("New")).orElseThrow().revision()).isEqualTo(2);
    assertThat(cachedHistory.revision(n("Old"), 1)).isEmpty();
    assertThat(cachedHistory.revision(n("New"), 1).orElseThrow().content())
        .isEqualTo("one [[Target]]");
    assertThat(cached.isProtected(n("Old"))).isFalse();
    assertThat(cached.isProtected(n("New"))).isTrue();
    assertThat(cached.linksTo(n("Target"), null, 10)).containsExactly(n("New"));
    assertThat(cached.listPages(null, 10)).containsExactly(n("New"), n("Old"));
  }

  @Test
  void deleteAndRestoreInvalidateThePageItsRevisionsAndEveryList() {
    save("Doomed", 0, "walrus [[Elsewhere]]");
    assertThat(cached.get(n("Doomed"))).isPresent();
    assertThat(cached.getAll(List.of(n("Doomed")))).hasSize(1);
    assertThat(cachedHistory.revision(n("Doomed"), 1)).isPresent();
    assertThat(cached.search("walrus", 0, 10)).hasSize(1);
    assertThat(cached.recentChanges(10)).hasSize(1);
    assertThat(cached.linksTo(n("Elsewhere"), null, 10)).hasSize(1);

    db.delete(n("Doomed"), "admin");

    assertThat(cached.get(n("Doomed"))).isEmpty();
    assertThat(cached.getAll(List.of(n("Doomed")))).isEmpty();
    assertThat(cachedHistory.revision(n("Doomed"), 1)).isEmpty();
    assertThat(cached.search("walrus", 0, 10)).isEmpty();
    assertThat(cached.recentChanges(10)).isEmpty();
    assertThat(cached.linksTo(n("Elsewhere"), null, 10)).isEmpty();

    db.restore(n("Doomed"), "admin");

    assertThat(cached.get(n("Doomed"))).isPresent();
    assertThat(cachedHistory.revision(n("Doomed"), 1)).isPresent();
    assertThat(cached.search("walrus", 0, 10)).hasSize(1);
    assertThat(cached.recentChanges(10)).hasSize(1);
  }

  @Test
  void protectAndBlockInvalidateTheirFlags() {
    save("Page", 0, "x");
    assertThat(cached.isProtected(n("Page"))).isFalse();
    assertThat(cached.isBlocked("Troll")).isFalse();
    int reads = counting.flags.get();
    assertThat(cached.isProtected(n("Page"))).isFalse();
    assertThat(cached.isBlocked("troll")).isFalse();
    assertThat(counting.flags.get()).isEqualTo(reads);  // both cached

    db.setProtected(n("Page"), true);
    db.setBlocked("TROLL", true);

    assertThat(cached.isProtected(n("Page"))).isTrue();
    assertThat(cached.isBlocked("troll")).isTrue();
    assertThat(cached.isBlocked("Troll")).isTrue();
  }
}
