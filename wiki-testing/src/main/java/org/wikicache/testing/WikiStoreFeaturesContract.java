package org.wikicache.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.wikicache.core.Contributions;
import org.wikicache.core.DeletedPage;
import org.wikicache.core.Edit;
import org.wikicache.core.EditConflictException;
import org.wikicache.core.Move;
import org.wikicache.core.MoveConflictException;
import org.wikicache.core.MovedPage;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.SaveResult;
import org.wikicache.core.SearchHit;
import org.wikicache.core.WikiLinks;
import org.wikicache.core.WikiStore;

/**
 * {@link WikiStoreContract} plus the behaviour of the link graph, search, the index, move,
 * delete and restore, protection and blocks, including their concurrency: what every store
 * (in-memory, each database, each cache in front of them) must show. Subclass it as the base
 * contract.
 */
public abstract class WikiStoreFeaturesContract extends WikiStoreContract {

  private List<String> names(List<PageName> names) {
    return names.stream().map(PageName::value).toList();
  }

  private SaveResult saveAs(String page, long base, String content, String author) {
    return store.save(new Edit(name(page), base, content, author, ""));
  }

  private long latest(String page) {
    return store.get(name(page)).orElseThrow().revision();
  }

  private Move move(String from, String to, boolean withSubpages) {
    return new Move(name(from), name(to), withSubpages, "mover", "tidy up");
  }

  // ---- links ----

  @Test
  void linksFollowTheLatestRevision() {
    save("A", 0, "See [[B]], [[C|the letter c]] and [[C]] again.");
    save("B", 0, "Back to [[C]].");

    assertThat(names(store.linksTo(name("C"), null, 10))).containsExactly("A", "B");
    assertThat(names(store.linksTo(name("B"), null, 10))).containsExactly("A");

    save("A", 1, "Only [[B]] now; `[[C]]` in code is no link.");

    assertThat(names(store.linksTo(name("C"), null, 10))).containsExactly("B");
    assertThat(names(store.linksTo(name("B"), null, 10))).containsExactly("A");
    assertThat(store.linksTo(name("Nobody"), null, 10)).isEmpty();
  }

  @Test
  void linksToUsesKeysetPaging() {
    for (String source : List.of("e", "b", "D", "a", "c")) {
      save(source, 0, "to [[Hub]]");
    }
    List<String> seen = new ArrayList<>();
    PageName after = null;
    List<PageName> slice;
    while (!(slice = store.linksTo(name("Hub"), after, 2)).isEmpty()) {
      assertThat(slice.size()).isLessThanOrEqualTo(2);
      seen.addAll(names(slice));
      after = slice.get(slice.size() - 1);
    }
    assertThat(seen).containsExactly("D", "a", "b", "c", "e");
    assertThatThrownBy(() -> store.linksTo(name("Hub"), null, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wantedPagesAreLinkedButMissing() {
    save("A", 0, "[[Exists]] [[Missing two]] [[Missing one]] [[_bad]] [[Missing one|again]]");
    save("Exists", 0, "here");

    assertThat(names(store.wantedPages(null, 10))).containsExactly("Missing one", "Missing two");
    assertThat(names(store.wantedPages(name("Missing one"), 10))).containsExactly("Missing two");
    assertThat(names(store.wantedPages(null, 1))).containsExactly("Missing one");

    save("Missing one", 0, "created");
    assertThat(names(store.wantedPages(null, 10))).containsExactly("Missing two");

    assertThat(store.delete(name("Exists"), "admin")).isTrue();
    assertThat(names(store.wantedPages(null, 10))).containsExactly("Exists", "Missing two");

    assertThat(store.delete(name("A"), "admin")).isTrue();  // nobody links any more
    assertThat(store.wantedPages(null, 10)).isEmpty();
  }

  // ---- search ----

  private void searchCorpus() {
    save("Gardening", 0, "Tomato plants need sun. A tomato likes water; tomatoes grow fast.");
    save("Cooking", 0, "A sauce from one TOMATO, garlic and basil.");
    save("Cars", 0, "Engines, wheels and brakes. Nothing about vegetables.");
    save("Tomato", 0, "The tomato page: tomato, tomato, tomato.");
    save("Basil", 0, "Basil and garlic for the sauce.");
    save("Unrelated", 0, "Trains and planes.");
  }

  @Test
  void searchFindsWholeWordsInAnyCaseRankedByRelevance() {
    searchCorpus();

    List<SearchHit> hits = store.search("tomato", 0, 10);

    assertThat(hits).extracting(h -> h.page().value())
        .containsExactlyInAnyOrder("Tomato", "Gardening", "Cooking");
    assertThat(hits.get(0).page().value()).isEqualTo("Tomato");  // title and four mentions
    assertThat(hits.get(hits.size() - 1).page().value()).isEqualTo("Cooking");  // one mention
    assertThat(hits).allSatisfy(h -> {
      assertThat(h.revision()).isEqualTo(1);
      assertThat(h.snippet().toLowerCase()).contains("tomato");
    });
    // every word must occur
    assertThat(store.search("garlic sauce", 0, 10)).extracting(h -> h.page().value())
        .containsExactlyInAnyOrder("Cooking", "Basil");
    assertThat(store.search("garlic TRAINS", 0, 10)).isEmpty();
    // whole words only: "tomatoes" is not "tomato", "toma" matches nothing
    assertThat(store.search("tomatoes", 0, 10)).extracting(h -> h.page().value())
        .containsExactly("Gardening");
    assertThat(store.search("toma", 0, 10)).isEmpty();
    // words that do not count: too short, stopwords, no word at all
    assertThat(store.search("a of", 0, 10)).isEmpty();
    assertThat(store.search("  ;;; ", 0, 10)).isEmpty();
  }

  @Test
  void searchSeesOnlyLatestRevisionsOfLivePagesAndNoRedirects() {
    save("Note", 0, "first draft mentions zebra");
    save("Note", 1, "second draft mentions giraffe");
    save("Other", 0, "a giraffe too");

    assertThat(store.search("zebra", 0, 10)).isEmpty();
    assertThat(store.search("giraffe", 0, 10)).extracting(h -> h.page().value())
        .containsExactlyInAnyOrder("Note", "Other");
    assertThat(store.search("giraffe", 0, 10)).filteredOn(h -> h.page().value().equals("Note"))
        .singleElement().satisfies(h -> assertThat(h.revision()).isEqualTo(2));

    store.delete(name("Other"), "admin");
    assertThat(store.search("giraffe", 0, 10)).extracting(h -> h.page().value())
        .containsExactly("Note");

    store.move(move("Note", "Animals", false));
    assertThat(store.search("giraffe", 0, 10)).extracting(h -> h.page().value())
        .containsExactly("Animals");
    assertThat(store.search("animals", 0, 10)).extracting(h -> h.page().value())
        .containsExactly("Animals");  // the name counts, and the redirect is not found

    store.restore(name("Other"), "admin");
    assertThat(store.search("giraffe", 0, 10)).hasSize(2);
  }

  @Test
  void searchPagesAreDisjointAndBounded() {
    for (int i = 0; i < 7; i++) {
      save("Page " + i, 0, "common word " + "extra ".repeat(i));
    }
    List<String> seen = new ArrayList<>();
    for (int offset = 0; offset < 9; offset += 3) {
      store.search("common", offset, 3).forEach(h -> seen.add(h.page().value()));
    }
    assertThat(seen).hasSize(7).doesNotHaveDuplicates();

    assertThatThrownBy(() -> store.search("x".repeat(WikiStore.MAX_SEARCH_QUERY_LENGTH + 1), 0,
        10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.search("common", WikiStore.MAX_SEARCH_RESULTS, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.search("common", -1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.search("common", Integer.MAX_VALUE, 1))
        .as("an offset whose sum with the limit would wrap").isInstanceOf(
            IllegalArgumentException.class);
    assertThatThrownBy(() -> store.search("common", 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void searchSnippetsArePlainTextAroundTheMatch() {
    String filler = "lorem ipsum dolor sit amet ".repeat(30);
    save("Long", 0, filler + "<b>needle</b> & friends\n\n" + filler);

    SearchHit hit = store.search("needle", 0, 1).get(0);

    assertThat(hit.snippet()).contains("<b>needle</b> & friends");  // raw text: escape to show
    assertThat(hit.snippet().length()).isLessThanOrEqualTo(SearchHit.MAX_SNIPPET_LENGTH);
    assertThat(hit.snippet()).doesNotContain("\n");
  }

  // ---- index ----

  @Test
  void subpagesAreThePagesUnderANameWithKeysetPaging() {
    for (String page : List.of("Guide", "Guide/Intro", "Guide/Setup", "Guide/Setup/Linux",
        "Guide0", "Guides/Other", "Guide.x/y", "Guid/e")) {
      save(page, 0, page);
    }
    List<String> seen = new ArrayList<>();
    PageName after = null;
    List<PageName> slice;
    while (!(slice = store.subpages(name("Guide"), after, 2)).isEmpty()) {
      seen.addAll(names(slice));
      after = slice.get(slice.size() - 1);
    }
    assertThat(seen).containsExactly("Guide/Intro", "Guide/Setup", "Guide/Setup/Linux");
    assertThat(names(store.subpages(name("Guide/Setup"), null, 10)))
        .containsExactly("Guide/Setup/Linux");
    assertThat(store.subpages(name("Nothing"), null, 10)).isEmpty();

    store.delete(name("Guide/Intro"), "admin");
    assertThat(names(store.subpages(name("Guide"), null, 10)))
        .containsExactly("Guide/Setup", "Guide/Setup/Linux");
    assertThat(names(store.listPages(null, 100))).doesNotContain("Guide/Intro");
  }

  @Test
  void contributionsAreAUsersRevisionsNewestFirstWithKeysetPaging() {
    saveAs("A", 0, "a1", "ada");
    saveAs("B", 0, "b1", "bob");
    saveAs("A", 1, "a2", "ada");
    saveAs("C", 0, "c1", "ada");
    saveAs("B", 1, "b2", "ada");
    saveAs("C", 1, "c2", "Ada");  // another username: exact match only

    List<String> seen = new ArrayList<>();
    long before = Long.MAX_VALUE;
    int pages = 0;
    while (true) {
      Contributions page = store.contributions("ada", before, 2);
      page.revisions().forEach(r -> seen.add(r.page().value() + "@" + r.number()));
      pages++;
      if (!page.hasMore()) {
        break;
      }
      before = page.next();
    }
    assertThat(seen).containsExactly("B@2", "C@1", "A@2", "A@1");
    assertThat(pages).isLessThanOrEqualTo(3);
    assertThat(store.contributions("nobody", Long.MAX_VALUE, 10).revisions()).isEmpty();
    for (String impossible : List.of("a\0b", "ad\uD83D", " ", "x".repeat(300))) {
      assertThat(store.contributions(impossible, Long.MAX_VALUE, 10).revisions())
          .as("no author can be called that").isEmpty();
    }

    store.delete(name("A"), "admin");
    assertThat(store.contributions("ada", Long.MAX_VALUE, 10).revisions())
        .extracting(r -> r.page().value()).containsExactly("B", "C");
  }

  // ---- move ----

  @Test
  void moveKeepsTheHistoryAndLeavesARedirect() {
    save("Draft", 0, "one [[Elsewhere]]");
    save("Draft", 1, "two [[Elsewhere]]");
    save("Draft", 2, "three [[Elsewhere]]");
    save("Reader", 0, "see [[Draft]]");

    List<MovedPage> moved = store.move(move("Draft", "Guide", false));

    assertThat(moved).singleElement().satisfies(m -> {
      assertThat(m.from()).isEqualTo(name("Draft"));
      assertThat(m.to()).isEqualTo(name("Guide"));
      assertThat(m.redirect().number()).isEqualTo(4);
      assertThat(m.redirect().parent()).isEqualTo(3);
      assertThat(m.redirect().author()).isEqualTo("mover");
      assertThat(m.redirect().comment()).contains("Guide");
    });
    Page guide = store.get(name("Guide")).orElseThrow();
    assertThat(guide.content()).isEqualTo("three [[Elsewhere]]");
    assertThat(guide.revision()).isEqualTo(3);
    assertThat(history.history(name("Guide"), Long.MAX_VALUE, 10))
        .extracting(r -> r.page().value() + "@" + r.number())
        .containsExactly("Guide@3", "Guide@2", "Guide@1");
    assertThat(history.revision(name("Guide"), 1).orElseThrow().content())
        .isEqualTo("one [[Elsewhere]]");

    Page redirect = store.get(name("Draft")).orElseThrow();
    assertThat(redirect.revision()).isEqualTo(4);
    assertThat(WikiLinks.redirectTarget(redirect.content())).contains(name("Guide"));
    assertThat(history.history(name("Draft"), Long.MAX_VALUE, 10))
        .extracting(RevisionInfo::number).containsExactly(4L);
    assertThat(history.revision(name("Draft"), 1)).isEmpty();
    assertThat(history.revision(name("Draft"), 3)).isEmpty();

    assertThat(names(store.linksTo(name("Elsewhere"), null, 10))).containsExactly("Guide");
    assertThat(names(store.linksTo(name("Guide"), null, 10))).containsExactly("Draft");
    assertThat(names(store.linksTo(name("Draft"), null, 10))).containsExactly("Reader");
    assertThat(names(store.listPages(null, 10))).containsExactly("Draft", "Guide", "Reader");
    assertThat(store.recentChanges(1)).singleElement()
        .satisfies(r -> assertThat(r.page().value()).isEqualTo("Draft"));
  }

  @Test
  void anEditBasedOnThePageUnderItsOldNameConflicts() {
    save("Solo", 0, "only revision");
    store.move(move("Solo", "Renamed", false));

    assertThatThrownBy(() -> save("Solo", 1, "edit of the page that moved"))
        .isInstanceOf(EditConflictException.class);
    assertThat(save("Renamed", 1, "edit under the new name").revision().number()).isEqualTo(2);
    assertThat(save("Solo", 2, "the redirect is a page too").revision().number()).isEqualTo(3);
  }

  @Test
  void moveIsRefusedWhenATargetIsTakenOrTheSourceIsMissing() {
    save("From", 0, "from");
    save("From/Sub", 0, "sub");
    save("Taken", 0, "taken");
    save("To/Sub", 0, "in the way");
    save("Gone", 0, "deleted");
    store.delete(name("Gone"), "admin");

    assertThatThrownBy(() -> store.move(move("From", "Taken", false)))
        .isInstanceOfSatisfying(MoveConflictException.class,
            e -> assertThat(e.page()).isEqualTo(name("Taken")));
    assertThatThrownBy(() -> store.move(move("From", "Gone", false)))
        .isInstanceOf(MoveConflictException.class);
    assertThatThrownBy(() -> store.move(move("From", "To", true)))
        .isInstanceOfSatisfying(MoveConflictException.class,
            e -> assertThat(e.page()).isEqualTo(name("To/Sub")));
    assertThatThrownBy(() -> store.move(move("Missing", "Anything", false)))
        .isInstanceOf(MoveConflictException.class);
    assertThatThrownBy(() -> store.move(move("Gone", "Anything", false)))
        .isInstanceOf(MoveConflictException.class);

    // nothing moved
    assertThat(store.get(name("To"))).isEmpty();
    assertThat(store.get(name("From")).orElseThrow().content()).isEqualTo("from");
    assertThat(store.get(name("From/Sub")).orElseThrow().content()).isEqualTo("sub");
    assertThat(store.get(name("Taken")).orElseThrow().content()).isEqualTo("taken");
    assertThat(store.get(name("Anything"))).isEmpty();
  }

  @Test
  void aMoveOfTheRevisionTheMoverSawConflictsOnceThePageHasMovedOn() {
    save("Seen", 0, "one");
    save("Seen", 1, "two");
    assertThatThrownBy(() -> store.move(new Move(name("Seen"), name("Elsewhere"), false, "mover",
        "", 1)))
        .isInstanceOfSatisfying(MoveConflictException.class, e -> {
          assertThat(e.page()).isEqualTo(name("Seen"));
          assertThat(e.getMessage()).contains("revision 2");
        });
    assertThat(store.get(name("Elsewhere"))).isEmpty();

    // two movers who saw revision 2: the first moves the page, the second moves nothing (the
    // redirect left behind is revision 3), rather than move the redirect
    store.move(new Move(name("Seen"), name("First"), false, "mover", "", 2));
    assertThatThrownBy(() -> store.move(new Move(name("Seen"), name("Second"), false, "mover",
        "", 2))).isInstanceOf(MoveConflictException.class);
    assertThat(store.get(name("First")).orElseThrow().content()).isEqualTo("two");
    assertThat(store.get(name("Second"))).isEmpty();
    assertThat(store.get(name("Seen")).orElseThrow().revision()).isEqualTo(3);
    assertThatThrownBy(() -> new Move(name("A"), name("B"), false, "mover", "", -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void moveWithSubpagesMovesTheWholeTree() {
    save("Tree", 0, "root");
    save("Tree/Leaf", 0, "leaf");
    save("Tree/Branch/Twig", 0, "twig");
    save("Treehouse", 0, "not a sub-page");

    List<MovedPage> moved = store.move(move("Tree", "Forest", true));

    assertThat(moved).extracting(m -> m.from().value() + ">" + m.to().value())
        .containsExactly("Tree>Forest", "Tree/Branch/Twig>Forest/Branch/Twig",
            "Tree/Leaf>Forest/Leaf");
    assertThat(store.get(name("Forest/Branch/Twig")).orElseThrow().content()).isEqualTo("twig");
    assertThat(WikiLinks.redirectTarget(store.get(name("Tree/Leaf")).orElseThrow().content()))
        .contains(name("Forest/Leaf"));
    assertThat(store.get(name("Treehouse")).orElseThrow().content()).isEqualTo("not a sub-page");
    assertThat(store.get(name("Forest")).orElseThrow().content()).isEqualTo("root");
  }

  @Test
  void oneMoveRenamesAtMostMaxMovedPages() {
    save("Big", 0, "root");
    for (int i = 1; i < WikiStore.MAX_MOVED_PAGES; i++) {
      save("Big/" + i, 0, "leaf");
    }
    save("Big/last", 0, "one too many");
    assertThatThrownBy(() -> store.move(move("Big", "Huge", true)))
        .isInstanceOf(MoveConflictException.class).hasMessageContaining("in parts");
    assertThat(store.get(name("Huge"))).isEmpty();  // nothing moved
    assertThat(store.get(name("Big/last")).orElseThrow().content()).isEqualTo("one too many");

    assertThat(store.delete(name("Big/last"), "admin")).isTrue();  // deleted pages stay put
    assertThat(store.move(move("Big", "Huge", true))).hasSize(WikiStore.MAX_MOVED_PAGES);
    assertThat(store.get(name("Huge/1")).orElseThrow().content()).isEqualTo("leaf");
  }

  @Test
  void aProtectedPageStaysProtectedUnderItsNewName() {
    save("Rules", 0, "rules");
    assertThat(store.setProtected(name("Rules"), true)).isTrue();

    store.move(move("Rules", "Policy", false));

    assertThat(store.isProtected(name("Policy"))).isTrue();
    assertThat(store.isProtected(name("Rules"))).isFalse();
  }

  // ---- delete and restore ----

  @Test
  void aDeletedPageDisappearsFromEveryRead() {
    save("Doomed", 0, "v1 mentions platypus [[Target]]");
    save("Doomed", 1, "v2 mentions platypus [[Target]]");
    save("Doomed/Child", 0, "child");
    save("Target", 0, "target");
    saveAs("Keep", 0, "keep", "ada");

    assertThat(store.delete(name("Doomed"), "admin")).isTrue();

    assertThat(store.get(name("Doomed"))).isEmpty();
    assertThat(store.getAll(List.of(name("Doomed"), name("Keep")))).containsOnlyKeys(name("Keep"));
    assertThat(names(store.listPages(null, 10))).containsExactly("Doomed/Child", "Keep", "Target");
    assertThat(store.search("platypus", 0, 10)).isEmpty();
    assertThat(store.linksTo(name("Target"), null, 10)).isEmpty();
    assertThat(store.recentChanges(10)).extracting(r -> r.page().value())
        .doesNotContain("Doomed");
    assertThat(store.contributions("ada", Long.MAX_VALUE, 10).revisions())
        .extracting(r -> r.page().value()).containsExactly("Keep", "Target", "Doomed/Child");
    assertThat(history.history(name("Doomed"), Long.MAX_VALUE, 10)).isEmpty();
    assertThat(history.revision(name("Doomed"), 1)).isEmpty();
    assertThat(store.deletedPages(null, 10)).singleElement().satisfies(d -> {
      assertThat(d.name()).isEqualTo(name("Doomed"));
      assertThat(d.revision()).isEqualTo(2);
      assertThat(d.deletedBy()).isEqualTo("admin");
    });
    // the name stays taken until restored
    assertThatThrownBy(() -> save("Doomed", 0, "recreate"))
        .isInstanceOf(EditConflictException.class);
    assertThatThrownBy(() -> save("Doomed", 2, "edit"))
        .isInstanceOf(EditConflictException.class);
    assertThat(store.delete(name("Doomed"), "admin")).isFalse();
    assertThat(store.delete(name("Never"), "admin")).isFalse();
  }

  @Test
  void restoreBringsThePageBackWithItsHistory() {
    save("Phoenix", 0, "one");
    save("Phoenix", 1, "two [[Ash]]");
    store.setProtected(name("Phoenix"), true);
    store.delete(name("Phoenix"), "admin");
    assertThat(store.isProtected(name("Phoenix"))).isFalse();

    assertThat(store.restore(name("Phoenix"), "admin")).isTrue();

    Page page = store.get(name("Phoenix")).orElseThrow();
    assertThat(page.revision()).isEqualTo(2);
    assertThat(page.content()).isEqualTo("two [[Ash]]");
    assertThat(history.revision(name("Phoenix"), 1).orElseThrow().content()).isEqualTo("one");
    assertThat(names(store.linksTo(name("Ash"), null, 10))).containsExactly("Phoenix");
    assertThat(store.isProtected(name("Phoenix"))).isTrue();
    assertThat(store.deletedPages(null, 10)).isEmpty();
    assertThat(save("Phoenix", 2, "three").revision().number()).isEqualTo(3);
    assertThat(store.restore(name("Phoenix"), "admin")).isFalse();
    assertThat(store.restore(name("Never"), "admin")).isFalse();
  }

  @Test
  void deletedPagesAreListedWithKeysetPaging() {
    for (String page : List.of("c", "a", "b")) {
      save(page, 0, page);
      store.delete(name(page), "admin");
    }
    assertThat(store.deletedPages(null, 2)).extracting(d -> d.name().value())
        .containsExactly("a", "b");
    assertThat(store.deletedPages(name("b"), 2)).extracting(DeletedPage::name)
        .containsExactly(name("c"));
  }

  // ---- protect and block ----

  @Test
  void protectionIsAFlagOfExistingPages() {
    save("Page", 0, "x");

    assertThat(store.isProtected(name("Page"))).isFalse();
    assertThat(store.setProtected(name("Page"), true)).isTrue();
    assertThat(store.isProtected(name("Page"))).isTrue();
    assertThat(store.setProtected(name("Page"), false)).isTrue();
    assertThat(store.isProtected(name("Page"))).isFalse();
    assertThat(store.setProtected(name("Missing"), true)).isFalse();
    assertThat(store.isProtected(name("Missing"))).isFalse();
  }

  @Test
  void blocksAreCaseInsensitiveAndReportWhetherTheyChangedAnything() {
    assertThat(store.isBlocked("troll")).isFalse();
    assertThat(store.setBlocked("Troll", true)).isTrue();
    assertThat(store.setBlocked("TROLL", true)).isFalse();
    assertThat(store.isBlocked("troll")).isTrue();
    assertThat(store.isBlocked("tRoLl")).isTrue();
    assertThat(store.isBlocked("ada")).isFalse();
    assertThat(store.setBlocked("troll", false)).isTrue();
    assertThat(store.setBlocked("troll", false)).isFalse();
    assertThat(store.isBlocked("Troll")).isFalse();
    assertThatThrownBy(() -> store.setBlocked(" ", true))
        .isInstanceOf(IllegalArgumentException.class);
    // names whose key no store can hold: refused alike by every store, and never blocked
    String lengthens = "\u0130".repeat(200);  // 200 characters, 400 once lower-cased
    assertThatThrownBy(() -> store.setBlocked(lengthens, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.setBlocked("tro\0ll", true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.isBlocked(lengthens)).isFalse();
    assertThat(store.isBlocked("tro\0ll")).isFalse();
  }

  @Test
  void whoDeletesOrRestoresMustBeAName() {
    save("Named", 0, "text");
    for (String bad : new String[] {"", " ", "a".repeat(256), "ad\0min", "ad\nmin"}) {
      assertThatThrownBy(() -> store.delete(name("Named"), bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(store.get(name("Named"))).isPresent();
    assertThat(store.delete(name("Named"), "a".repeat(255))).isTrue();
    assertThatThrownBy(() -> store.restore(name("Named"), "ad\0min"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.restore(name("Named"), "admin")).isTrue();
    assertThat(store.get(name("Named"))).isPresent();
  }

  // ---- concurrency ----

  /**
   * A move of a page races edits of it (based on its latest revision) and creates of the target
   * name, several rounds: exactly one outcome wins per name, and no saved revision is lost.
   */
  @Test
  void moveAgainstConcurrentEditsOfEitherName() throws Exception {
    for (int round = 0; round < 5; round++) {
      String from = "Moving" + round;
      String to = "Moved" + round;
      save(from, 0, "start");
      List<Callable<String>> tasks = new ArrayList<>();
      tasks.add(() -> {
        try {
          store.move(move(from, to, false));
          return "moved";
        } catch (MoveConflictException e) {
          return "move refused";
        }
      });
      for (int t = 1; t < threads(); t++) {
        int thread = t;
        tasks.add(() -> {
          String text = "by thread " + thread;
          try {
            if (thread % 2 == 0) {
              SaveResult r = save(to, 0, text);
              return "created " + to + "@" + r.revision().number() + " " + text;
            }
            SaveResult r = save(from, 1, text);
            return "edited " + from + "@" + r.revision().number() + " " + text;
          } catch (EditConflictException e) {
            return "conflict";
          }
        });
      }
      List<String> outcomes = Concurrently.run(tasks);

      System.out.printf("%s move against concurrent edits, round %d: %s%n",
          getClass().getSimpleName(), round, outcomes);
      boolean moved = outcomes.get(0).equals("moved");
      List<String> creates = outcomes.stream().filter(o -> o.startsWith("created")).toList();
      List<String> edits = outcomes.stream().filter(o -> o.startsWith("edited")).toList();
      assertThat(edits.size()).isLessThanOrEqualTo(1);  // one base: at most one winner
      if (moved) {
        assertThat(creates).isEmpty();
        // the history moved whole: an edit that won is revision 2 of the new name
        long last = 1 + edits.size();
        assertThat(latest(to)).isEqualTo(last);
        for (String edit : edits) {
          assertThat(history.revision(name(to), 2).orElseThrow().content())
              .isEqualTo(edit.substring(edit.indexOf(" by ") + 1));
        }
        Page redirect = store.get(name(from)).orElseThrow();
        assertThat(redirect.revision()).isEqualTo(last + 1);
        assertThat(WikiLinks.redirectTarget(redirect.content())).contains(name(to));
      } else {
        assertThat(creates).hasSize(1);  // the move lost to a create
        assertThat(latest(from)).isEqualTo(1 + edits.size());
        assertThat(WikiLinks.redirectTarget(store.get(name(from)).orElseThrow().content()))
            .isEmpty();
      }
    }
  }

  /**
   * Readers view a page while an admin deletes it: no read that began after delete returned
   * sees the page (stale), and no reader sees it again after having seen it gone (phantom).
   */
  @Test
  void deleteAgainstConcurrentViews() throws Exception {
    for (int round = 0; round < 3; round++) {
      PageName page = name("Victim" + round);
      save(page.value(), 0, "doomed [[Victim" + round + "/x]]");
      AtomicBoolean deleted = new AtomicBoolean();
      AtomicInteger stale = new AtomicInteger();
      AtomicInteger phantom = new AtomicInteger();
      AtomicInteger reads = new AtomicInteger();
      List<Callable<Boolean>> tasks = new ArrayList<>();
      tasks.add(() -> {
        Thread.sleep(20);
        boolean done = store.delete(page, "admin");
        deleted.set(true);
        return done;
      });
      for (int t = 1; t < threads(); t++) {
        int thread = t;
        tasks.add(() -> {
          boolean seenGone = false;
          long until = System.nanoTime() + 300_000_000L;
          while (System.nanoTime() < until) {
            boolean after = deleted.get();
            boolean present = switch (thread % 3) {
              case 0 -> store.get(page).isPresent();
              case 1 -> store.getAll(List.of(page)).containsKey(page);
              default -> store.listPages(null, 100).contains(page);
            };
            reads.incrementAndGet();
            if (present && after) {
              stale.incrementAndGet();
            }
            if (present && seenGone) {
              phantom.incrementAndGet();
            }
            seenGone |= !present;
          }
          return true;
        });
      }
      List<Boolean> results = Concurrently.run(tasks);

      System.out.printf("%s delete against concurrent views, round %d: %d reads, %d stale,"
          + " %d phantom%n", getClass().getSimpleName(), round, reads.get(), stale.get(),
          phantom.get());
      assertThat(results.get(0)).isTrue();
      assertThat(reads.get()).isPositive();
      assertThat(stale.get()).as("reads after delete returned that saw the page").isZero();
      assertThat(phantom.get()).as("reads that saw the page again after it was gone").isZero();
      assertThat(store.get(page)).isEmpty();
      assertThat(Optional.ofNullable(store.linksTo(name(page.value() + "/x"), null, 10)))
          .hasValueSatisfying(l -> assertThat(l).isEmpty());
    }
  }
}
