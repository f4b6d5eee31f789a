package org.wikicache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wikicache.core.Edit;
import org.wikicache.core.EditConflictException;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.ProfileUpdate;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.SaveResult;
import org.wikicache.core.User;
import org.wikicache.core.UserExistsException;
import org.wikicache.core.WikiEvent;
import org.wikicache.testing.TestDatabase;

/** JDBC-specific behaviour of the store, profiles and outbox, run once per database. */
abstract class AbstractJdbcWikiTest {
  TestDatabase database;
  JdbcWiki wiki;
  JdbcWikiStore store;

  abstract TestDatabase newDatabase();

  @BeforeEach
  void open() {
    database = newDatabase();
    wiki = TestWikis.open(database);
    store = wiki.store();
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
  }

  static Edit edit(String page, long base, String content) {
    return new Edit(PageName.of(page), base, content, "ada", "c" + base);
  }

  @Test
  void detectsTheDatabaseKind() {
    assertThat(wiki.kind().name()).isEqualTo(database.engine().name());
  }

  @Test
  void namesAndContentWithSqlMetacharactersAndUnicodeRoundTripExactly() {
    String[] names = {"O'Brien", "x'; DROP TABLE pages; --", "Tab\\le \"quoted\" %_",
        "Émoji 😀 and 漢字", "Ünïcödé/Sub page", "a", "A"};
    for (String n : names) {
      String content = "content of " + n + " with 'quotes', \\backslashes\\, NUL-free 🎉\n"
          + "'); DELETE FROM revisions; --";
      SaveResult r = store.save(new Edit(PageName.of(n), 0, content, "Zoë 'the' author",
          "summary 😀 '; --"));
      assertThat(r.created()).isTrue();
      Page page = store.get(PageName.of(n)).orElseThrow();
      assertThat(page.content()).isEqualTo(content);
      assertThat(page.author()).isEqualTo("Zoë 'the' author");
      assertThat(store.revision(PageName.of(n), 1).orElseThrow().info()).isEqualTo(r.revision());
    }
    // names compare exactly: "a" and "A" are two pages
    assertThat(store.get(PageName.of("a")).orElseThrow().content()).contains("of a ");
    assertThat(store.get(PageName.of("A")).orElseThrow().content()).contains("of A ");
    assertThat(store.get(PageName.of("O'brien"))).isEmpty();
    assertThat(store.listPages(null, 100)).hasSize(names.length);
  }

  @Test
  void aMaximalPageNameOf255Utf8BytesIsStored() {
    PageName longest = PageName.of("é".repeat(127) + "x");  // 254 + 1 bytes
    store.save(new Edit(longest, 0, "long", "ada", ""));
    assertThat(store.get(longest)).isPresent();
    PageName fourByte = PageName.of("😀".repeat(63));  // 252 bytes, 126 UTF-16 chars
    store.save(new Edit(fourByte, 0, "emoji", "ada", ""));
    assertThat(store.get(fourByte).orElseThrow().content()).isEqualTo("emoji");
  }

  @Test
  void staleBaseIsAConflictCarryingTheCurrentRevision() {
    store.save(edit("P", 0, "one"));
    RevisionInfo second = store.save(edit("P", 1, "two")).revision();
    assertThatThrownBy(() -> store.save(edit("P", 1, "three")))
        .isInstanceOfSatisfying(EditConflictException.class,
            e -> assertThat(e.current()).contains(second));
    assertThatThrownBy(() -> store.save(edit("P", 0, "again")))
        .isInstanceOfSatisfying(EditConflictException.class,
            e -> assertThat(e.currentRevision()).isEqualTo(2));
    assertThatThrownBy(() -> store.save(edit("Missing", 3, "x")))
        .isInstanceOfSatisfying(EditConflictException.class,
            e -> assertThat(e.current()).isEmpty());
    assertThat(store.get(PageName.of("P")).orElseThrow().content()).isEqualTo("two");
  }

  @Test
  void identicalContentMakesNoRevision() {
    wiki.database().writeOutbox(true);
    RevisionInfo first = store.save(edit("Same", 0, "text")).revision();
    long outboxBefore = wiki.outbox().pendingCount();
    SaveResult again = store.save(edit("Same", 1, "text"));
    assertThat(again.created()).isFalse();
    assertThat(again.revision()).isEqualTo(first);
    assertThat(store.history(PageName.of("Same"), Long.MAX_VALUE, 10)).containsExactly(first);
    assertThat(wiki.outbox().pendingCount()).isEqualTo(outboxBefore);
  }

  @Test
  void contentOverTheLimitIsRefusedClearly() {
    JdbcWiki small = database.track(TestWikis.builder(database).maxContentBytes(10).build());
    assertThatThrownBy(() -> small.store().save(edit("Big", 0, "ééééééé")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("14 UTF-8 bytes").hasMessageContaining("at most 10");
    assertThat(small.store().get(PageName.of("Big"))).isEmpty();
  }

  @Test
  void largeContentUpToTheDefaultLimitRoundTrips() {
    String big = "ab😀".repeat(2 * 1024 * 1024 / 6);
    store.save(edit("Large", 0, big));
    assertThat(store.get(PageName.of("Large")).orElseThrow().content()).isEqualTo(big);
  }

  @Test
  void getAllIsOneQuery() {
    for (int i = 0; i < 20; i++) {
      store.save(edit("Page" + i, 0, "content " + i));
    }
    List<PageName> wanted = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      wanted.add(PageName.of("Page" + i));  // 5 of them missing
    }
    long before = wiki.queryCount();
    Map<PageName, Page> pages = store.getAll(wanted);
    assertThat(wiki.queryCount() - before).isEqualTo(1);
    assertThat(pages).hasSize(20);
    assertThat(pages.keySet()).containsExactlyElementsOf(wanted.subList(0, 20));
    assertThat(pages.get(PageName.of("Page7")).content()).isEqualTo("content 7");
    assertThat(store.getAll(List.of())).isEmpty();
  }

  @Test
  void eachReadIsOneStatement() {
    store.save(edit("Q", 0, "x"));
    long before = store.queryCount();
    store.get(PageName.of("Q"));
    store.history(PageName.of("Q"), Long.MAX_VALUE, 10);
    store.recentChanges(5);
    store.listPages(null, 5);
    store.revision(PageName.of("Q"), 1);
    assertThat(store.queryCount() - before).isEqualTo(5);
  }

  @Test
  void historyAndPageListsPageByKeyset() {
    for (long n = 0; n < 30; n++) {
      store.save(edit("H", n, "v" + n));
    }
    List<RevisionInfo> first = store.history(PageName.of("H"), Long.MAX_VALUE, 12);
    assertThat(first).extracting(RevisionInfo::number)
        .containsExactlyElementsOf(LongStream.rangeClosed(19, 30).map(n -> 49 - n).boxed()
            .toList());
    List<RevisionInfo> next = store.history(PageName.of("H"), 19, 12);
    assertThat(next.get(0).number()).isEqualTo(18);
    assertThat(store.history(PageName.of("H"), 3, 12)).extracting(RevisionInfo::number)
        .containsExactly(2L, 1L);
    assertThat(store.history(PageName.of("Nope"), Long.MAX_VALUE, 12)).isEmpty();

    for (String n : List.of("b", "a", "B", "c/d", "c")) {
      store.save(edit(n, 0, n));
    }
    assertThat(store.listPages(null, 3)).extracting(PageName::value)
        .containsExactly("B", "H", "a");
    assertThat(store.listPages(PageName.of("a"), 10)).extracting(PageName::value)
        .containsExactly("b", "c", "c/d");
  }

  @Test
  void recentChangesAreNewestFirstAcrossPages() {
    store.save(edit("R1", 0, "a"));
    store.save(edit("R2", 0, "b"));
    store.save(edit("R1", 1, "c"));
    assertThat(store.recentChanges(10)).extracting(r -> r.page().value() + "#" + r.number())
        .containsExactly("R1#2", "R2#1", "R1#1");
  }

  @Test
  void concurrentSavesRetryingOnConflictGiveContiguousRevisions() throws Exception {
    wiki.database().writeOutbox(true);
    PageName page = PageName.of("Busy");
    store.save(new Edit(page, 0, "start", "ada", ""));
    int threads = 8;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(pool.submit(() -> {
          int conflicts = 0;
          for (int i = 0; i < perThread; i++) {
            while (true) {
              long base = store.get(page).orElseThrow().revision();
              try {
                store.save(new Edit(page, base, "t" + id + " i" + i, "w" + id, ""));
                break;
              } catch (EditConflictException e) {
                conflicts++;
              }
            }
          }
          return conflicts;
        }));
      }
      for (Future<Integer> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    int total = threads * perThread + 1;
    assertThat(store.get(page).orElseThrow().revision()).isEqualTo(total);
    List<RevisionInfo> all = new ArrayList<>();
    long before = Long.MAX_VALUE;
    while (true) {
      List<RevisionInfo> batch = store.history(page, before, 1000);
      if (batch.isEmpty()) {
        break;
      }
      all.addAll(batch);
      before = batch.get(batch.size() - 1).number();
    }
    assertThat(all).extracting(RevisionInfo::number)
        .containsExactlyElementsOf(LongStream.iterate(total, n -> n - 1).limit(total).boxed()
            .toList());
    assertThat(all).allSatisfy(r -> assertThat(r.parent()).isEqualTo(r.number() - 1));
    assertThat(wiki.outbox().pendingCount()).isEqualTo(total);
  }

  @Test
  void concurrentCreatesOfOnePageMakeOneWinnerAndConflicts() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Boolean>> futures = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        int id = t;
        futures.add(pool.submit(() -> {
          try {
            store.save(edit("Race", 0, "by " + id));
            return true;
          } catch (EditConflictException e) {
            assertThat(e.currentRevision()).isEqualTo(1);
            return false;
          }
        }));
      }
      int winners = 0;
      for (Future<Boolean> f : futures) {
        winners += f.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void saveAndSignUpWriteOutboxRowsThatRebuildTheEvents() {
    wiki.database().writeOutbox(true);
    User ada = wiki.users().signUp("Ada", "correct horse", "ada@example.org");
    RevisionInfo r = store.save(edit("Main", 0, "hello")).revision();
    assertThat(wiki.outbox().pendingCount()).isEqualTo(2);
    List<OutboxEntry> claimed = wiki.outbox().claim("w1", 10, Duration.ofMinutes(1));
    assertThat(claimed).extracting(OutboxEntry::event)
        .containsExactly(new WikiEvent.UserSignedUp(ada), new WikiEvent.PageEdited(r));
    assertThat(wiki.outbox().claim("w2", 10, Duration.ofMinutes(1))).isEmpty();
    wiki.outbox().markSent(claimed.get(0).id());
    assertThat(wiki.outbox().pendingCount()).isEqualTo(1);
  }

  @Test
  void noOutboxRowIsWrittenUntilSomeoneDeliversThem() {
    store.save(edit("Quiet", 0, "x"));
    wiki.users().signUp("quiet", "long enough", "");
    assertThat(wiki.outbox().pendingCount()).isZero();
  }

  @Test
  void usernamesAreUniqueCaseInsensitivelyAndTheFirstIsAdmin() {
    User first = wiki.users().signUp("Ada", "correct horse", "ada@example.org");
    User second = wiki.users().signUp("bob", "battery staple", "");
    assertThat(first.isAdmin()).isTrue();
    assertThat(second.isAdmin()).isFalse();
    assertThatThrownBy(() -> wiki.users().signUp("ADA", "whatever123", ""))
        .isInstanceOf(UserExistsException.class);
    assertThat(wiki.users().findByName("aDa")).contains(first);
    assertThat(wiki.users().findById(second.id())).contains(second);
    assertThat(wiki.users().authenticate("ada", "correct horse")).contains(first);
    assertThat(wiki.users().authenticate("ada", "wrong horse")).isEmpty();
    assertThat(wiki.users().authenticate("nobody", "correct horse")).isEmpty();
    assertThat(wiki.users().admins()).containsExactly(first);
    assertThatThrownBy(() -> wiki.users().signUp("x", "correct horse", ""))
        .hasMessage("That's not a valid username.");
    assertThatThrownBy(() -> wiki.users().signUp("carol", "short", ""))
        .hasMessage("That wasn't a valid password.");
    assertThatThrownBy(() -> wiki.users().signUp("carol", "long enough", "nope"))
        .hasMessage("That's not a valid email.");
  }

  @Test
  void profilesUpdateWithUnicodeAndQuotes() {
    User ada = wiki.users().signUp("ada", "correct horse", "");
    User updated = wiki.users().updateProfile(ada.id(),
        new ProfileUpdate("ada@example.org", "Ada 'Countess' 😀", "bio'); DROP TABLE users; --"));
    assertThat(updated.displayName()).isEqualTo("Ada 'Countess' 😀");
    assertThat(wiki.users().findById(ada.id())).contains(updated);
    assertThatThrownBy(() -> wiki.users().updateProfile(999_999, new ProfileUpdate("", "", "")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reopeningKeepsEverythingAndDoesNotMigrateTwice() {
    store.save(edit("Kept", 0, "kept"));
    JdbcWiki again = database.track(TestWikis.builder(database).build());
    assertThat(again.store().get(PageName.of("Kept")).orElseThrow().content()).isEqualTo("kept");
  }
}
