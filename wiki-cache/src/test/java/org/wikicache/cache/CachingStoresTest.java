package org.wikicache.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wikicache.core.AccountPolicy;
import org.wikicache.core.Edit;
import org.wikicache.core.InMemoryUserProfiles;
import org.wikicache.core.InMemoryWikiStore;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.PasswordHasher;
import org.wikicache.core.ProfileUpdate;
import org.wikicache.core.RequestCost;
import org.wikicache.core.User;
import org.wikicache.core.UserProfiles;
import org.wikicache.core.WikiStore;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.testing.Concurrently;
import org.wikicache.core.RevisionHistory;

/** The caching rules, on the in-memory client: what reaches the store, and when. */
class CachingStoresTest {
  private final InMemoryWikiStore db = InMemoryWikiStore.create();
  private final CountingWikiStore counting = new CountingWikiStore(db);
  private final MemcacheClient cache = spy(InMemoryMemcacheClient.newBuilder().build());
  private CachingStores caching = CachingStores.over(cache);
  private WikiStore store = caching.store(counting);
  private final PageName main = PageName.of("Main");

  @AfterEach
  void close() {
    caching.close();
  }

  @Test
  void aHitCostsOneCacheGetAndNoStoreCall() {
    WikiStore mockStore = org.mockito.Mockito.mock(WikiStore.class);
    org.mockito.Mockito.when(mockStore.get(main)).thenReturn(Optional.of(
        new Page(main, 1, "hello", "ada", java.time.Instant.EPOCH)));
    WikiStore cached = caching.store(mockStore);
    cached.get(main);  // miss: fills
    clearInvocations(mockStore, cache);

    try (RequestCost cost = RequestCost.begin()) {
      assertThat(cached.get(main).orElseThrow().content()).isEqualTo("hello");
      assertThat(cost.servedFromCache()).isTrue();
    }

    verifyNoInteractions(mockStore);
    verify(cache, times(1)).get(caching.keys().page(main));
    org.mockito.Mockito.verifyNoMoreInteractions(cache);
  }

  @Test
  void aMissCostsOneStoreLoadThenFills() {
    db.save(new Edit(main, 0, "hello", "ada", ""));

    assertThat(store.get(main).orElseThrow().content()).isEqualTo("hello");
    assertThat(store.get(main).orElseThrow().content()).isEqualTo("hello");
    assertThat(store.get(main).orElseThrow().content()).isEqualTo("hello");

    assertThat(counting.gets).hasValue(1);
    KindStats pages = caching.stats().kind(EntityKind.PAGE);
    assertThat(pages.hits()).isEqualTo(2);
    assertThat(pages.misses()).isEqualTo(1);
    assertThat(pages.loads()).isEqualTo(1);
    assertThat(pages.hitRatio()).isEqualTo(2.0 / 3);
  }

  @Test
  void saveInvalidatesBeforeReturning() {
    store.save(new Edit(main, 0, "one", "ada", ""));
    assertThat(store.get(main).orElseThrow().revision()).isEqualTo(1);

    store.save(new Edit(main, 1, "two", "ada", ""));

    assertThat(store.get(main).orElseThrow().content()).isEqualTo("two");
  }

  @Test
  void missingPagesAreRememberedUntilCreated() {
    assertThat(store.get(main)).isEmpty();
    assertThat(store.get(main)).isEmpty();
    assertThat(counting.gets).hasValue(1);

    store.save(new Edit(main, 0, "now it exists", "ada", ""));

    assertThat(store.get(main).orElseThrow().content()).isEqualTo("now it exists");
  }

  @Test
  void aSaveOfUnchangedContentInvalidatesNothing() {
    store.save(new Edit(main, 0, "same", "ada", ""));
    store.get(main);
    clearInvocations(cache);

    store.save(new Edit(main, 1, "same", "ada", ""));

    verify(cache, times(0)).deleteMulti(anyCollection());
  }

  @Test
  void batchReadIsOneGetMultiOneStoreQueryAndTwoSetMultisThenOneGetMulti() {
    List<PageName> names = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      names.add(PageName.of("P" + i));
      db.save(new Edit(names.get(i), 0, "page " + i, "ada", ""));
    }
    store.get(PageName.of("P0"));  // one page already cached
    clearInvocations(cache);

    Map<PageName, Page> pages = store.getAll(names);

    assertThat(pages).hasSize(10);
    assertThat(pages.get(PageName.of("P7")).content()).isEqualTo("page 7");
    assertThat(counting.getAlls).hasValue(1);
    // one getMulti for the pages and their write tokens; one setMulti for the tokens that were
    // missing (before the store is read), one for the pages
    verify(cache, times(1)).getMulti(anyCollection());
    verify(cache, times(2)).setMulti(anyMap(), any());
    verify(cache, times(0)).get(any());
    verify(cache, times(0)).gets(any());
    verify(cache, times(0)).add(any(), any(), any());
    verify(cache, times(0)).deleteMulti(anyCollection());

    clearInvocations(cache);
    assertThat(store.getAll(names)).isEqualTo(pages);
    assertThat(counting.getAlls).as("the second batch is all hits").hasValue(1);
    verify(cache, times(1)).getMulti(anyCollection());
    org.mockito.Mockito.verifyNoMoreInteractions(cache);
  }

  @Test
  void batchReadsRememberMissingPagesUntilCreated() {
    List<PageName> names = List.of(main, PageName.of("Missing"));
    db.save(new Edit(main, 0, "here", "ada", ""));

    assertThat(store.getAll(names)).containsOnlyKeys(main);
    assertThat(store.getAll(names)).containsOnlyKeys(main);
    assertThat(counting.getAlls).hasValue(1);

    store.save(new Edit(PageName.of("Missing"), 0, "now here", "ada", ""));
    assertThat(store.getAll(names)).containsOnlyKeys(main, PageName.of("Missing"));
  }

  @Test
  void aBatchFillThatRacedAnEditIsNeverServed() {
    db.save(new Edit(main, 0, "one", "ada", ""));
    // The batch reads the write counter, then the store; an edit lands in between.
    WikiStore racing = caching.store(new CountingWikiStore(db) {
      @Override
      public Map<PageName, Page> getAll(java.util.Collection<PageName> names) {
        Map<PageName, Page> old = super.getAll(names);
        store.save(new Edit(main, 1, "two", "bob", ""));
        return old;
      }
    });

    assertThat(racing.getAll(List.of(main)).get(main).content()).isEqualTo("one");

    // The batch stored revision 1 after the edit's invalidation: neither reader may use it.
    assertThat(store.getAll(List.of(main)).get(main).content()).isEqualTo("two");
    assertThat(store.get(main).orElseThrow().content()).isEqualTo("two");
    assertThat(caching.stats().kind(EntityKind.PAGE).staleFillsPrevented()).isEqualTo(1);
  }

  @Test
  void revisionsAreCachedAsLongAsPages() {
    db.save(new Edit(main, 0, "one", "ada", ""));
    RevisionHistory history = caching.history(db);
    history.revision(main, 1);
    clearInvocations(cache);

    assertThat(history.revision(main, 1).orElseThrow().content()).isEqualTo("one");
    assertThat(history.revision(main, 2)).isEmpty();
    db.save(new Edit(main, 1, "two", "ada", ""));
    assertThat(history.revision(main, 2).orElseThrow().content()).isEqualTo("two");

    verify(cache, times(1)).add(any(), any(), any());
    // the page TTL (default 1 h) bounds what a missed invalidation could leave behind
    verify(cache).add(any(), any(), org.mockito.ArgumentMatchers.eq(Duration.ofHours(1)));
    assertThat(caching.stats().kind(EntityKind.REVISION).hits()).isEqualTo(1);
  }

  @Test
  void usersAreCachedByIdAndNameAndInvalidatedOnUpdate() {
    UserProfiles users = caching.users(new InMemoryUserProfiles(AccountPolicy.DEFAULT,
        new PasswordHasher(1000), Clock.systemUTC()));
    assertThat(users.findByName("ada")).isEmpty();
    User ada = users.signUp("Ada", "correct horse", "");

    assertThat(users.findByName("ADA")).contains(ada);
    assertThat(users.findById(ada.id())).contains(ada);
    User updated = users.updateProfile(ada.id(), new ProfileUpdate("", "Ada L.", "bio"));

    assertThat(users.findById(ada.id())).contains(updated);
    assertThat(users.findByName("ada")).contains(updated);
    assertThat(users.authenticate("ada", "correct horse")).contains(updated);
  }

  @Test
  void landingQueriesAreCachedPerGeneration() {
    store.save(new Edit(main, 0, "one", "ada", ""));
    assertThat(store.recentChanges(10)).hasSize(1);
    assertThat(store.listPages(null, 10)).containsExactly(main);
    int listings = counting.listings.get();

    assertThat(store.recentChanges(10)).hasSize(1);
    assertThat(store.listPages(null, 10)).containsExactly(main);
    assertThat(counting.listings).hasValue(listings);

    store.save(new Edit(PageName.of("Other"), 0, "x", "ada", ""));
    assertThat(store.recentChanges(10)).hasSize(2);
    assertThat(store.listPages(null, 10)).hasSize(2);
    assertThat(counting.listings).hasValue(listings + 2);
  }

  @Test
  void aLostGenerationRestartsAtAValueNoOldReaderFilled() {
    store.save(new Edit(main, 0, "one", "ada", ""));
    store.recentChanges(5);
    byte[] before = cache.get(caching.keys().landingGeneration());
    cache.delete(caching.keys().landingGeneration());  // evicted

    store.save(new Edit(main, 1, "two", "ada", ""));
    assertThat(cache.get(caching.keys().landingGeneration())).as("deleted by the edit").isNull();
    assertThat(store.recentChanges(5)).hasSize(2);

    long old = Long.parseLong(new String(before, UTF_8));
    long now = Long.parseLong(new String(cache.get(caching.keys().landingGeneration()), UTF_8));
    assertThat(now).isNotEqualTo(old).isNotNegative();
  }

  @Test
  void undecodableBytesAreAMissAndAreDeleted() {
    db.save(new Edit(main, 0, "real", "ada", ""));
    cache.set(caching.keys().page(main), "garbage".getBytes(UTF_8), Duration.ZERO);

    assertThat(store.get(main).orElseThrow().content()).isEqualTo("real");
    assertThat(new String(cache.get(caching.keys().page(main)), UTF_8)).startsWith("V");

    cache.set(caching.keys().page(main), new byte[] {'V', 'P', 1, 0, 0}, Duration.ZERO);
    assertThat(store.get(main).orElseThrow().content()).isEqualTo("real");
  }

  @Test
  void namesThatWouldBreakKeysAreHashed() {
    PageName spaced = PageName.of("a page with spaces");
    PageName longName = PageName.of("x".repeat(255));
    db.save(new Edit(spaced, 0, "spaced", "ada", ""));
    db.save(new Edit(longName, 0, "long", "ada", ""));

    assertThat(store.get(spaced).orElseThrow().content()).isEqualTo("spaced");
    assertThat(store.get(longName).orElseThrow().content()).isEqualTo("long");
    assertThat(store.get(spaced).orElseThrow().content()).isEqualTo("spaced");
    assertThat(counting.gets).hasValue(2);
    assertThat(caching.keys().page(spaced)).doesNotContain(" ").startsWith("wiki:" + caching.keys().epoch() + ":v2:page#:");
    assertThat(caching.keys().page(longName).length()).isLessThanOrEqualTo(250);
  }

  @Test
  void concurrentMissesOfOnePageMakeOneStoreLoad() throws Exception {
    caching.close();
    caching = CachingStores.newBuilder(cache).leaseWait(Duration.ofSeconds(5)).build();
    store = caching.store(counting);
    db.save(new Edit(main, 0, "cold", "ada", ""));
    counting.latency(Duration.ofMillis(100));

    List<Optional<Page>> results = Concurrently.run(64, () -> store.get(main));

    assertThat(results).allSatisfy(p -> assertThat(p.orElseThrow().content()).isEqualTo("cold"));
    assertThat(counting.gets).hasValue(1);
    assertThat(caching.stats().kind(EntityKind.PAGE).loads()).isEqualTo(1);
  }

  /**
   * A batch fill loads revision 1, an edit commits and returns, then the fill lands: its entry
   * carries the token it read (or set) before loading, which the edit deleted. Whether the token
   * stays absent (deleted, evicted, expired) or another reader sets a new one, the entry never
   * validates: absence validates nothing, and a new token is a new random value.
   */
  @Test
  void aBatchFillThatRacedAnEditIsNeverServedWhateverHappensToItsToken() throws Exception {
    db.save(new Edit(main, 0, "one", "ada", ""));
    CountDownLatch loaded = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    counting.pauseNextGetAll(loaded, go);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Map<PageName, Page>> slow = pool.submit(() -> store.getAll(List.of(main)));
      assertThat(loaded.await(10, TimeUnit.SECONDS)).isTrue();
      store.save(new Edit(main, 1, "two", "bob", ""));
      go.countDown();
      assertThat(slow.get(10, TimeUnit.SECONDS).get(main).content())
          .as("began before the save returned").isEqualTo("one");
    } finally {
      pool.shutdownNow();
    }
    assertThat(cache.get(caching.keys().page(main))).as("the late fill landed").isNotNull();
    assertThat(cache.get(caching.keys().writeToken(main))).as("the edit deleted the token").isNull();

    assertThat(store.getAll(List.of(main)).get(main).content()).isEqualTo("two");
    cache.delete(caching.keys().writeToken(main));  // evicted again
    assertThat(store.getAll(List.of(main)).get(main).content()).isEqualTo("two");
    assertThat(store.get(main).orElseThrow().content()).isEqualTo("two");
  }

  @Test
  void aHangingLoadHoldsUpOtherReadersOfThisProcessNoLongerThanTheLeaseWait() throws Exception {
    db.save(new Edit(main, 0, "x", "ada", ""));
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    counting.pauseNextGet(loading, release);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Optional<Page>> hanging = pool.submit(() -> store.get(main));
      assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();

      long started = System.nanoTime();
      assertThat(store.get(main).orElseThrow().content()).isEqualTo("x");
      Duration waited = Duration.ofNanos(System.nanoTime() - started);

      release.countDown();
      assertThat(hanging.get(10, TimeUnit.SECONDS).orElseThrow().content()).isEqualTo("x");
      // the default lease wait is 100 ms; the hanging load lasted until released
      assertThat(waited).isLessThan(Duration.ofSeconds(2));
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aValueTooLargeForTheCacheIsMarkedSoReadersGoStraightToTheStore() {
    caching.close();
    caching = CachingStores.newBuilder(cache).maxValueBytes(4096).build();
    store = caching.store(counting);
    String big = "x".repeat(10_000);
    db.save(new Edit(main, 0, big, "ada", ""));

    assertThat(store.get(main).orElseThrow().content()).isEqualTo(big);
    assertThat(cache.get(caching.keys().page(main))).containsExactly('T');
    clearInvocations(cache);

    for (int i = 0; i < 5; i++) {
      assertThat(store.get(main).orElseThrow().content()).isEqualTo(big);
    }
    verify(cache, times(5)).get(caching.keys().page(main));
    verify(cache, times(0)).add(any(), any(), any());
    verify(cache, times(0)).cas(any(), any(), org.mockito.ArgumentMatchers.anyLong(), any());
    assertThat(counting.gets).hasValue(6);
    assertThat(caching.stats().valuesTooLarge()).isPositive();

    store.save(new Edit(main, 1, "small now", "ada", ""));
    assertThat(store.get(main).orElseThrow().content()).isEqualTo("small now");
    assertThat(store.get(main).orElseThrow().content()).isEqualTo("small now");
    assertThat(counting.gets).hasValue(7);
  }

  @Test
  void theBuilderRefusesTimesThatCouldNotBeStoredOrWouldWrap() {
    CachingStores.Builder b = CachingStores.newBuilder(cache);
    for (Duration tooLong : new Duration[] {Duration.ofDays(31), Duration.ofDays(36_500),
        Duration.ofSeconds(Long.MAX_VALUE), java.time.temporal.ChronoUnit.FOREVER.getDuration()}) {
      assertThatThrownByIllegal(() -> b.pageTtl(tooLong));
      assertThatThrownByIllegal(() -> b.missingPageTtl(tooLong));
      assertThatThrownByIllegal(() -> b.userTtl(tooLong));
      assertThatThrownByIllegal(() -> b.missingUserTtl(tooLong));
      assertThatThrownByIllegal(() -> b.landingTtl(tooLong));
      assertThatThrownByIllegal(() -> b.sessionTtl(tooLong));
      assertThatThrownByIllegal(() -> b.nearCache(tooLong, 10));
      assertThatThrownByIllegal(() -> b.leaseTtl(tooLong));
      assertThatThrownByIllegal(() -> b.leaseWait(tooLong));
      assertThatThrownByIllegal(() -> b.breaker(2, tooLong));
    }
    // the longest allowed TTL works end to end: a page is cached and read back
    caching.close();
    caching = b.pageTtl(CachingStores.Builder.MAX_TTL).build();
    store = caching.store(counting);
    db.save(new Edit(main, 0, "kept", "ada", ""));
    assertThat(store.get(main).orElseThrow().content()).isEqualTo("kept");
    assertThat(store.get(main).orElseThrow().content()).isEqualTo("kept");
  }

  private static void assertThatThrownByIllegal(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    org.assertj.core.api.Assertions.assertThatThrownBy(call)
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withoutLeasesTheStaleSetRaceLeavesAnOldPageInTheCache() throws Exception {
    caching.close();
    caching = CachingStores.newBuilder(cache).withoutLeases().build();
    store = caching.store(counting);

    assertThat(raceReaderAgainstWriter()).as("a stale page was served after the edit")
        .isEqualTo("one");
  }

  @Test
  void withLeasesTheStaleSetRaceCannotLeaveAnOldPage() throws Exception {
    assertThat(raceReaderAgainstWriter()).isEqualTo("two");
    assertThat(caching.stats().kind(EntityKind.PAGE).staleFillsPrevented()).isEqualTo(1);
  }

  /**
   * Reader loads revision 1 and pauses before filling; a writer commits revision 2 and
   * invalidates; the reader resumes and fills. Returns what a read after all that sees.
   */
  private String raceReaderAgainstWriter() throws Exception {
    db.save(new Edit(main, 0, "one", "ada", ""));
    CountDownLatch loaded = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    counting.pauseNextGet(loaded, go);
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      Future<Optional<Page>> slowRead = reader.submit(() -> store.get(main));
      assertThat(loaded.await(10, TimeUnit.SECONDS)).isTrue();

      store.save(new Edit(main, 1, "two", "bob", ""));  // commits, invalidates, returns
      go.countDown();
      assertThat(slowRead.get(10, TimeUnit.SECONDS).orElseThrow().content())
          .as("the slow reader began before the save: it may see the old revision")
          .isEqualTo("one");
    } finally {
      reader.shutdownNow();
    }
    return store.get(main).orElseThrow().content();
  }
}
