package org.wikicache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wikicache.core.AccountPolicy;
import org.wikicache.core.Edit;
import org.wikicache.core.InMemoryUserProfiles;
import org.wikicache.core.InMemoryWikiStore;
import org.wikicache.core.PageName;
import org.wikicache.core.PasswordHasher;
import org.wikicache.core.ProfileUpdate;
import org.wikicache.core.RequestCost;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.testing.Concurrently;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;
import org.wikicache.core.WikiStore;
import org.wikicache.core.UserProfiles;

/** The read-through helper, one-round-trip page views, and the optional near cache. */
class ReadThroughAndViewsTest {
  private final MemcacheClient cache = spy(InMemoryMemcacheClient.newBuilder().build());
  private final CachingStores caching = CachingStores.over(cache);
  private final InMemoryWikiStore db = InMemoryWikiStore.create();
  private final CountingWikiStore counting = new CountingWikiStore(db);
  private final PageName main = PageName.of("Main");

  @AfterEach
  void close() {
    caching.close();
  }

  @Test
  void readThroughLoadsOnceThenServesTheCache() throws Exception {
    AtomicInteger loads = new AtomicInteger();

    var results = Concurrently.run(16, () -> caching.readThrough().get("answer", "life",
        Duration.ofMinutes(1), Codecs.STRING, () -> {
          loads.incrementAndGet();
          sleep(50);
          return "42";
        }));

    assertThat(results).containsOnly("42");
    assertThat(loads).hasValue(1);
    assertThat(caching.readThrough().get("answer", "life", Duration.ofMinutes(1), Codecs.STRING,
        () -> "never called")).isEqualTo("42");
    assertThat(caching.stats().kind(EntityKind.DERIVED).loads()).isEqualTo(1);
  }

  @Test
  void derivedValuesAreKeyedByRevisionSoTheyNeverGoStale() {
    AtomicInteger renders = new AtomicInteger();
    String first = caching.readThrough().derived("html", main, 1, Codecs.STRING,
        () -> "<p>one</p>" + renders.incrementAndGet());
    String again = caching.readThrough().derived("html", main, 1, Codecs.STRING,
        () -> "<p>other</p>" + renders.incrementAndGet());
    String second = caching.readThrough().derived("html", main, 2, Codecs.STRING,
        () -> "<p>two</p>" + renders.incrementAndGet());

    assertThat(first).isEqualTo(again).isEqualTo("<p>one</p>1");
    assertThat(second).isEqualTo("<p>two</p>2");
  }

  @Test
  void aCachedPageViewIsOneGetMultiAndNoStoreQuery() {
    InMemoryUserProfiles profiles = new InMemoryUserProfiles(AccountPolicy.DEFAULT,
        new PasswordHasher(1000), Clock.systemUTC());
    WikiStore store = caching.store(counting);
    UserProfiles users = caching.users(profiles);
    users.signUp("ada", "correct horse", "");
    store.save(new Edit(main, 0, "# Hello", "ada", ""));
    AtomicInteger renders = new AtomicInteger();
    PageViews views = caching.pageViews(store, users, content -> {
      renders.incrementAndGet();
      return "<h1>Hello</h1>";
    }, 10);

    views.view(main);  // cold: loads and fills
    views.view(main);  // learns the keys it needs
    clearInvocations(cache);
    int loads = counting.gets.get() + counting.listings.get();

    try (RequestCost cost = RequestCost.begin()) {
      PageViews.PageView view = views.view(main).orElseThrow();
      assertThat(view.page().content()).isEqualTo("# Hello");
      assertThat(view.author().orElseThrow().username()).isEqualTo("ada");
      assertThat(view.recent()).hasSize(1);
      assertThat(view.html()).isEqualTo("<h1>Hello</h1>");
      assertThat(cost.servedFromCache()).isTrue();
    }

    verify(cache, times(1)).getMulti(anyCollection());
    verifyNoMoreInteractions(cache);
    assertThat(counting.gets.get() + counting.listings.get()).isEqualTo(loads);
    assertThat(renders).hasValue(1);
  }

  @Test
  void aPageViewAfterAnEditShowsTheEdit() {
    InMemoryUserProfiles profiles = new InMemoryUserProfiles(AccountPolicy.DEFAULT,
        new PasswordHasher(1000), Clock.systemUTC());
    WikiStore store = caching.store(counting);
    UserProfiles users = caching.users(profiles);
    var ada = users.signUp("ada", "correct horse", "");
    store.save(new Edit(main, 0, "one", "ada", ""));
    PageViews views = caching.pageViews(store, users, content -> "<p>" + content + "</p>", 10);
    views.view(main);
    views.view(main);

    store.save(new Edit(main, 1, "two", "ada", ""));
    users.updateProfile(ada.id(), new ProfileUpdate("", "Ada L.", ""));
    PageViews.PageView view = views.view(main).orElseThrow();

    assertThat(view.page().content()).isEqualTo("two");
    assertThat(view.html()).isEqualTo("<p>two</p>");
    assertThat(view.recent()).hasSize(2);
    assertThat(view.author().orElseThrow().displayName()).isEqualTo("Ada L.");
    assertThat(views.view(PageName.of("Missing"))).isEmpty();
  }

  @Test
  void theNearCacheAnswersWithoutMemcacheAndHearsOfEveryProcesssEditsBeforeTheyReturn() {
    try (TestDatabase database = TestDatabases.h2()) {
      JdbcWiki here = TestWikis.open(database);
      JdbcWiki there = TestWikis.open(database);  // a second JdbcWiki: as another process would
      MemcacheClient shared = spy(InMemoryMemcacheClient.newBuilder().build());
      try (CachingStores near = CachingStores.newBuilder(shared)
              .nearCache(Duration.ofHours(1), 1000).build();
          CachingStores other = CachingStores.over(shared)) {
        WikiStore store = near.store(here.store());
        WikiStore elsewhere = other.store(there.store());
        store.save(new Edit(main, 0, "one", "ada", ""));
        awaitAnsweredInProcess(shared,
            () -> assertThat(store.get(main).orElseThrow().content()).isEqualTo("one"));

        store.save(new Edit(main, 1, "two", "ada", ""));
        assertThat(store.get(main).orElseThrow().content()).isEqualTo("two");

        // An edit through another process's layer waits for this one's relay: no expiry needed.
        elsewhere.save(new Edit(main, 2, "three", "bob", ""));
        assertThat(store.get(main).orElseThrow().content()).isEqualTo("three");
        assertThat(near.stats().relay().entriesDelivered()).isPositive();
      }
    }
  }

  @Test
  void withANearCacheARepeatedViewIsAssembledInProcessAndStillSeesEveryEdit() {
    try (TestDatabase database = TestDatabases.h2()) {
      JdbcWiki here = TestWikis.open(database);
      JdbcWiki there = TestWikis.open(database);
      MemcacheClient shared = spy(InMemoryMemcacheClient.newBuilder().build());
      try (CachingStores near = CachingStores.newBuilder(shared)
              .nearCache(Duration.ofHours(1), 1000).build();
          CachingStores other = CachingStores.over(shared)) {
        WikiStore store = near.store(here.store());
        UserProfiles people = near.users(here.users());
        PageViews views = near.pageViews(store, people, c -> "<p>" + c + "</p>", 10);
        people.signUp("ada", "correct horse", "");
        store.save(new Edit(main, 0, "one", "ada", ""));
        views.view(main);
        awaitAnsweredInProcess(shared, () -> {  // no memcache call, no decoding
          PageViews.PageView view = views.view(main).orElseThrow();
          assertThat(view.html()).isEqualTo("<p>one</p>");
          assertThat(view.author()).isPresent();
        });

        other.store(there.store()).save(new Edit(main, 1, "two", "bob", ""));
        PageViews.PageView after = views.view(main).orElseThrow();
        assertThat(after.page().content()).isEqualTo("two");
        assertThat(after.html()).isEqualTo("<p>two</p>");
        assertThat(after.recent()).extracting(r -> r.number()).contains(2L);
      }
    }
  }

  /**
   * Reads until a read is answered without a call to {@code shared}. The other layer's relay (a
   * second process's, in effect) deletes a save's keys in {@code shared} when it delivers the
   * entry, which may be after the save has returned, so a read may have to fill once more. When
   * the relays are done, every read is answered in process.
   */
  private static void awaitAnsweredInProcess(MemcacheClient shared, Runnable read) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      read.run();  // fills again if a late delivery dropped the value
      clearInvocations(shared);
      read.run();
      verifyNoMoreInteractions(shared);
    });
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
