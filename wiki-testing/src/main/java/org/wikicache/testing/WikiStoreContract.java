package org.wikicache.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wikicache.core.Edit;
import org.wikicache.core.EditConflictException;
import org.wikicache.core.InMemoryWikiStore;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.Revision;
import org.wikicache.core.RevisionHistory;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.SaveResult;
import org.wikicache.core.WikiStore;

/**
 * The behaviour every {@link WikiStore} + {@link RevisionHistory} pair must show. Subclass it once
 * per implementation (in-memory, each database, each cache in front of them) and return a fresh,
 * empty store from {@link #createFixture()}; the store must use the default content limit of
 * {@link InMemoryWikiStore#DEFAULT_MAX_CONTENT_BYTES}.
 */
public abstract class WikiStoreContract {
  /** The store under test and its history; usually one object, or two decorators of one. */
  public record Fixture(WikiStore store, RevisionHistory history) {}

  /** A fresh, empty store for one test. */
  protected abstract Fixture createFixture() throws Exception;

  /** Releases what {@link #createFixture()} made; called after each test. */
  protected void closeFixture() throws Exception {}

  /** Thread count for the concurrency tests; a slow remote store may lower it. */
  protected int threads() {
    return 8;
  }

  protected WikiStore store;
  protected RevisionHistory history;

  @BeforeEach
  void createStore() throws Exception {
    Fixture fixture = createFixture();
    store = fixture.store();
    history = fixture.history();
  }

  @AfterEach
  void closeStore() throws Exception {
    closeFixture();
  }

  protected static PageName name(String value) {
    return PageName.of(value);
  }

  protected SaveResult save(String page, long base, String content) {
    return store.save(new Edit(name(page), base, content, "ada", "edit " + base));
  }

  @Test
  void missingPageIsEmpty() {
    assertThat(store.get(name("Nowhere"))).isEmpty();
    assertThat(history.revision(name("Nowhere"), 1)).isEmpty();
    assertThat(history.history(name("Nowhere"), Long.MAX_VALUE, 10)).isEmpty();
  }

  @Test
  void createThenGet() {
    SaveResult result = store.save(new Edit(name("Main"), 0, "Hello", "ada", "first"));

    assertThat(result.created()).isTrue();
    RevisionInfo info = result.revision();
    assertThat(info.number()).isEqualTo(1);
    assertThat(info.parent()).isZero();
    assertThat(info.author()).isEqualTo("ada");
    assertThat(info.comment()).isEqualTo("first");
    assertThat(info.length()).isEqualTo(5);
    assertThat(info.sha256()).isEqualTo(sha256Hex("Hello"));

    Page page = store.get(name("Main")).orElseThrow();
    assertThat(page.name()).isEqualTo(name("Main"));
    assertThat(page.revision()).isEqualTo(1);
    assertThat(page.content()).isEqualTo("Hello");
    assertThat(page.author()).isEqualTo("ada");
    assertThat(page.time()).isEqualTo(info.time());
  }

  @Test
  void editMovesTheLatestRevisionAndKeepsTheOldOne() {
    save("Main", 0, "one");
    SaveResult second = save("Main", 1, "two");

    assertThat(second.revision().number()).isEqualTo(2);
    assertThat(second.revision().parent()).isEqualTo(1);
    assertThat(store.get(name("Main")).orElseThrow().content()).isEqualTo("two");
    assertThat(history.revision(name("Main"), 1).orElseThrow().content()).isEqualTo("one");
    assertThat(history.revision(name("Main"), 2).orElseThrow().content()).isEqualTo("two");
    assertThat(history.revision(name("Main"), 2).orElseThrow().info())
        .isEqualTo(second.revision());
  }

  @Test
  void aRevisionAskedForBeforeItExistsIsThereOnceSaved() {
    assertThat(history.revision(name("Soon"), 1)).isEmpty();
    assertThat(history.revision(name("Soon"), 1)).isEmpty();
    save("Soon", 0, "one");
    assertThat(history.revision(name("Soon"), 1).orElseThrow().content()).isEqualTo("one");

    assertThat(history.revision(name("Soon"), 2)).isEmpty();
    assertThat(history.revision(name("Soon"), 2)).isEmpty();
    save("Soon", 1, "two");
    assertThat(history.revision(name("Soon"), 2).orElseThrow().content()).isEqualTo("two");
  }

  @Test
  void staleBaseIsAConflictCarryingTheCurrentRevision() {
    save("Main", 0, "one");
    RevisionInfo two = save("Main", 1, "two").revision();

    assertThatThrownBy(() -> save("Main", 1, "lost?"))
        .isInstanceOfSatisfying(EditConflictException.class, e -> {
          assertThat(e.page()).isEqualTo(name("Main"));
          assertThat(e.baseRevision()).isEqualTo(1);
          assertThat(e.currentRevision()).isEqualTo(2);
          assertThat(e.current()).contains(two);
        });
    assertThat(store.get(name("Main")).orElseThrow().content()).isEqualTo("two");
    assertThat(history.revision(name("Main"), 3)).isEmpty();
  }

  @Test
  void creatingAnExistingPageIsAConflict() {
    save("Main", 0, "one");

    assertThatThrownBy(() -> save("Main", 0, "again"))
        .isInstanceOfSatisfying(EditConflictException.class,
            e -> assertThat(e.currentRevision()).isEqualTo(1));
  }

  @Test
  void editingAMissingPageIsAConflictWithNoCurrentRevision() {
    assertThatThrownBy(() -> save("Ghost", 3, "boo"))
        .isInstanceOfSatisfying(EditConflictException.class, e -> {
          assertThat(e.current()).isEmpty();
          assertThat(e.currentRevision()).isZero();
        });
    assertThat(store.get(name("Ghost"))).isEmpty();
  }

  @Test
  void identicalContentCreatesNoRevision() {
    RevisionInfo first = save("Main", 0, "same").revision();

    SaveResult again = save("Main", 1, "same");

    assertThat(again.created()).isFalse();
    assertThat(again.revision()).isEqualTo(first);
    assertThat(history.history(name("Main"), Long.MAX_VALUE, 10)).hasSize(1);
    assertThat(store.recentChanges(10)).hasSize(1);
  }

  @Test
  void revisionNumbersOutsideTheHistoryAreEmpty() {
    save("Main", 0, "one");

    assertThat(history.revision(name("Main"), 0)).isEmpty();
    assertThat(history.revision(name("Main"), -1)).isEmpty();
    assertThat(history.revision(name("Main"), 2)).isEmpty();
    assertThat(history.revision(name("Main"), Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void historyIsNewestFirstWithKeysetPaging() {
    save("Main", 0, "r1");
    for (int i = 2; i <= 7; i++) {
      save("Main", i - 1, "r" + i);
    }

    List<Long> seen = new ArrayList<>();
    long before = Long.MAX_VALUE;
    List<RevisionInfo> slice;
    while (!(slice = history.history(name("Main"), before, 3)).isEmpty()) {
      assertThat(slice.size()).isLessThanOrEqualTo(3);
      slice.forEach(r -> seen.add(r.number()));
      before = slice.get(slice.size() - 1).number();
    }

    assertThat(seen).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
    assertThat(history.history(name("Main"), 5, 2)).extracting(RevisionInfo::number)
        .containsExactly(4L, 3L);
    assertThat(history.history(name("Main"), 1, 5)).isEmpty();
  }

  @Test
  void historyEntriesDescribeTheirContent() {
    save("Main", 0, "héllo ✓");
    RevisionInfo info = history.history(name("Main"), Long.MAX_VALUE, 1).get(0);

    assertThat(info.length()).isEqualTo(Revision.utf8Length("héllo ✓"));
    assertThat(info.sha256()).isEqualTo(sha256Hex("héllo ✓"));
  }

  @Test
  void listingLimitsAreBounded() {
    assertThatThrownBy(() -> history.history(name("Main"), Long.MAX_VALUE, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> history.history(name("Main"), Long.MAX_VALUE,
        WikiStore.MAX_LIMIT + 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> history.history(name("Main"), 0, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.listPages(null, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.recentChanges(WikiStore.MAX_LIMIT + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void getAllReturnsOnlyExistingPages() {
    save("A", 0, "a");
    save("B", 0, "b");
    save("B", 1, "b2");
    save("C", 0, "c");

    Map<PageName, Page> found = store.getAll(
        List.of(name("A"), name("B"), name("Missing"), name("C"), name("A")));

    assertThat(found).containsOnlyKeys(name("A"), name("B"), name("C"));
    assertThat(found.get(name("B")).content()).isEqualTo("b2");
    assertThat(found.get(name("B")).revision()).isEqualTo(2);
    assertThat(store.getAll(List.of())).isEmpty();
  }

  @Test
  void getAllIsBounded() {
    List<PageName> tooMany = IntStream.rangeClosed(0, WikiStore.MAX_LIMIT)
        .mapToObj(i -> name("P" + i)).toList();

    assertThatThrownBy(() -> store.getAll(tooMany)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listPagesUsesKeysetPagingInCodePointOrder() {
    // Upper case sorts before lower case: a store must compare names exactly, not by locale.
    for (String page : List.of("b", "A", "a/x", "a", "B", "Zed", "a/y")) {
      save(page, 0, page);
    }
    List<String> expected = List.of("A", "B", "Zed", "a", "a/x", "a/y", "b");

    List<String> seen = new ArrayList<>();
    PageName after = null;
    List<PageName> slice;
    while (!(slice = store.listPages(after, 2)).isEmpty()) {
      slice.forEach(n -> seen.add(n.value()));
      after = slice.get(slice.size() - 1);
    }

    assertThat(seen).isEqualTo(expected);
    assertThat(store.listPages(name("Zed"), 2)).extracting(PageName::value)
        .containsExactly("a", "a/x");
  }

  @Test
  void recentChangesAreNewestFirstAcrossPages() {
    save("A", 0, "a1");
    save("B", 0, "b1");
    save("A", 1, "a2");

    List<RevisionInfo> recent = store.recentChanges(10);

    assertThat(recent).extracting(r -> r.page().value() + "@" + r.number())
        .containsExactly("A@2", "B@1", "A@1");
    assertThat(store.recentChanges(1)).hasSize(1);
  }

  @Test
  void namesAndContentRoundTripExactly() {
    String page = "Ünïcödé/O'Brien \"quoted\"; DROP TABLE pages;-- %_\\";
    String content = "emoji 😀 and 𝄞, quotes ' \" `, backslash \\ \\n, tabs\t,\r\nCRLF, "
        + "SQL '); DELETE FROM revisions; --, percent %, underscore _, right-to-left \u202e.";
    String comment = "comment with 'quotes' and ✓";

    store.save(new Edit(name(page), 0, content, "o'brien", comment));

    Page saved = store.get(name(page)).orElseThrow();
    assertThat(saved.name().value()).isEqualTo(page);
    assertThat(saved.content()).isEqualTo(content);
    assertThat(saved.author()).isEqualTo("o'brien");
    Revision revision = history.revision(name(page), 1).orElseThrow();
    assertThat(revision.info().comment()).isEqualTo(comment);
    assertThat(revision.info().sha256()).isEqualTo(sha256Hex(content));
    assertThat(store.listPages(null, 10)).containsExactly(name(page));
  }

  @Test
  void namesDifferingOnlyInCaseOrNormalisationAreHandledExactly() {
    save("Page", 0, "upper");
    save("page", 0, "lower");
    // "é" composed (U+00E9) and decomposed (e + U+0301) are one page after NFC normalisation.
    save("caf\u00e9", 0, "composed");

    assertThat(store.get(name("Page")).orElseThrow().content()).isEqualTo("upper");
    assertThat(store.get(name("page")).orElseThrow().content()).isEqualTo("lower");
    assertThat(store.get(name("cafe\u0301")).orElseThrow().content()).isEqualTo("composed");
  }

  @Test
  void contentOverTheLimitIsRefusedWholly() {
    String tooBig = "x".repeat(InMemoryWikiStore.DEFAULT_MAX_CONTENT_BYTES + 1);
    String atLimit = "x".repeat(InMemoryWikiStore.DEFAULT_MAX_CONTENT_BYTES);

    assertThatThrownBy(() -> save("Big", 0, tooBig))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most");
    assertThat(store.get(name("Big"))).isEmpty();
    assertThat(save("Big", 0, atLimit).revision().length())
        .isEqualTo(InMemoryWikiStore.DEFAULT_MAX_CONTENT_BYTES);
    assertThat(store.get(name("Big")).orElseThrow().content()).hasSize(atLimit.length());
  }

  @Test
  void concurrentSavesAgainstOneBaseHaveExactlyOneWinnerPerRound() throws Exception {
    save("Hot", 0, "r1");
    int rounds = 5;
    for (int round = 1; round <= rounds; round++) {
      long base = round;
      int finalRound = round;
      List<Callable<Boolean>> attempts = new ArrayList<>();
      for (int t = 0; t < threads(); t++) {
        int thread = t;
        attempts.add(() -> {
          try {
            save("Hot", base, "round " + finalRound + " thread " + thread);
            return true;
          } catch (EditConflictException e) {
            assertThat(e.currentRevision()).isEqualTo(base + 1);
            return false;
          }
        });
      }
      assertThat(Concurrently.run(attempts)).filteredOn(won -> won).hasSize(1);
    }

    assertThat(store.get(name("Hot")).orElseThrow().revision()).isEqualTo(rounds + 1);
    assertThat(history.history(name("Hot"), Long.MAX_VALUE, 100))
        .extracting(RevisionInfo::number)
        .containsExactly(6L, 5L, 4L, 3L, 2L, 1L);
  }

  @Test
  void concurrentCreatesOfOnePageHaveExactlyOneWinner() throws Exception {
    List<Callable<Boolean>> attempts = new ArrayList<>();
    for (int t = 0; t < threads(); t++) {
      int thread = t;
      attempts.add(() -> {
        try {
          save("Fresh", 0, "created by " + thread);
          return true;
        } catch (EditConflictException e) {
          return false;
        }
      });
    }

    assertThat(Concurrently.run(attempts)).filteredOn(won -> won).hasSize(1);
    assertThat(history.history(name("Fresh"), Long.MAX_VALUE, 100)).hasSize(1);
  }

  @Test
  void concurrentEditorsThatRetryLoseNothing() throws Exception {
    save("Busy", 0, "start");
    int editsPerThread = 10;
    AtomicInteger conflicts = new AtomicInteger();
    List<Callable<Boolean>> editors = new ArrayList<>();
    for (int t = 0; t < threads(); t++) {
      int thread = t;
      editors.add(() -> {
        for (int i = 0; i < editsPerThread; i++) {
          String text = "thread " + thread + " edit " + i;
          while (true) {
            long base = store.get(name("Busy")).orElseThrow().revision();
            try {
              save("Busy", base, text);
              break;
            } catch (EditConflictException e) {
              conflicts.incrementAndGet();
            }
          }
        }
        return true;
      });
    }
    Concurrently.run(editors);

    int expected = threads() * editsPerThread + 1;
    List<RevisionInfo> all = new ArrayList<>();
    long before = Long.MAX_VALUE;
    List<RevisionInfo> slice;
    while (!(slice = history.history(name("Busy"), before, 50)).isEmpty()) {
      all.addAll(slice);
      before = slice.get(slice.size() - 1).number();
    }
    assertThat(all).hasSize(expected);
    for (int i = 0; i < all.size(); i++) {
      assertThat(all.get(i).number()).isEqualTo(expected - i);
      assertThat(all.get(i).parent()).isEqualTo(expected - i - 1);
    }
    Set<String> contents = ConcurrentHashMap.newKeySet();
    for (long n = 2; n <= expected; n++) {
      contents.add(history.revision(name("Busy"), n).orElseThrow().content());
    }
    assertThat(contents).hasSize(threads() * editsPerThread);
  }

  /** SHA-256 of the UTF-8 bytes, in lowercase hex: computed here independently of the stores. */
  private static String sha256Hex(String content) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }
}
