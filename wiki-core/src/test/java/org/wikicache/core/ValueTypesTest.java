package org.wikicache.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wikicache.core.internal.StoreChecks;

class ValueTypesTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final PageName MAIN = PageName.of("Main");

  @Test
  void unpairedSurrogatesAreRefusedInEveryTextADatabaseWouldChange() {
    String lone = "ad\uD83D";
    assertThatThrownBy(() -> new Edit(MAIN, 0, "x", lone, "")).isInstanceOf(
        IllegalArgumentException.class).hasMessageContaining("unpaired surrogates");
    assertThatThrownBy(() -> new Edit(MAIN, 0, "x", "ada", "c\uDC00omment")).isInstanceOf(
        IllegalArgumentException.class).hasMessageContaining("unpaired surrogates");
    assertThatThrownBy(() -> new Move(MAIN, PageName.of("Other"), false, "ada", lone))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ProfileUpdate("", lone, "")).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> new ProfileUpdate("", "", "bio \uDBFF")).isInstanceOf(
        IllegalArgumentException.class);
    // a pair is a character like any other
    assertThat(new Edit(MAIN, 0, "x", "ada \uD83D\uDE00", "ok \uD83D\uDE00").author())
        .endsWith("\uD83D\uDE00");
  }

  @Test
  void revisionComputesLengthAndHash() {
    Revision r = Revision.create(MAIN, 2, 1, "ada", T, "c", "héllo");

    assertThat(r.info().length()).isEqualTo(6);
    assertThat(r.info().sha256()).isEqualTo(StoreChecks.sha256("héllo"));
    assertThat(StoreChecks.sha256("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(r.page()).isEqualTo(MAIN);
    assertThat(r.number()).isEqualTo(2);
  }

  @Test
  void revisionRefusesALengthThatDoesNotMatchItsContent() {
    RevisionInfo info = Revision.create(MAIN, 1, 0, "ada", T, "", "abc").info();

    assertThatThrownBy(() -> new Revision(info, "abcd"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void revisionInfoValidatesNumbers() {
    String sha = StoreChecks.sha256("");
    assertThatThrownBy(() -> new RevisionInfo(MAIN, 0, 0, "a", T, "", 0, sha))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RevisionInfo(MAIN, 2, 2, "a", T, "", 0, sha))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RevisionInfo(MAIN, 1, 0, "a", T, "", -1, sha))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RevisionInfo(MAIN, 1, 0, "a", T, "", 0, "XYZ"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void editValidatesItsFields() {
    assertThatThrownBy(() -> new Edit(MAIN, -1, "x", "ada", ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Edit(MAIN, 0, "x", " ", ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Edit(MAIN, 0, "x", "ada", "c".repeat(501)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Edit(MAIN, 0, "x", "ada", "line\r\nBcc: x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control characters");
    assertThatThrownBy(() -> new Edit(MAIN, 0, "nul\0", "ada", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL");
    assertThat(new Edit(MAIN, 0, "multi\nline\tcontent", "ada", "").content()).contains("\n");
    // an author is a name the stores can hold: at most 255 characters, no control characters
    assertThat(new Edit(MAIN, 0, "x", "a".repeat(255), "").author()).hasSize(255);
    for (String author : new String[] {"a".repeat(256), "a\0da", "a\nda"}) {
      assertThatThrownBy(() -> new Edit(MAIN, 0, "x", author, ""))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("author");
      assertThatThrownBy(() -> new Move(MAIN, PageName.of("Other"), false, author, ""))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("author");
    }
  }

  @Test
  void userCopiesRolesAndShowsItsName() {
    Set<Role> roles = EnumSet.of(Role.ADMIN);
    User user = new User(1, "ada", "", "", "", roles, T);
    roles.clear();

    assertThat(user.isAdmin()).isTrue();
    assertThat(user.shownName()).isEqualTo("ada");
    assertThat(new User(1, "ada", "", "Ada L.", "", Set.of(), T).shownName()).isEqualTo("Ada L.");
    assertThatThrownBy(() -> user.roles().add(Role.ADMIN))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new User(0, "ada", "", "", "", Set.of(), T))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void profileUpdateIsBounded() {
    assertThatThrownBy(() -> new ProfileUpdate("", "x".repeat(101), ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ProfileUpdate("", "", "x".repeat(4001)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ProfileUpdate("", "evil\r\nname", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pageOfRevision() {
    Revision r = Revision.create(MAIN, 3, 2, "ada", T, "c", "text");
    Page page = Page.of(r);

    assertThat(page).isEqualTo(new Page(MAIN, 3, "text", "ada", T));
  }

  @Test
  void comparisonNeedsOnePage() {
    Revision a = Revision.create(MAIN, 1, 0, "ada", T, "", "a");
    Revision b = Revision.create(PageName.of("Other"), 1, 0, "ada", T, "", "b");

    assertThatThrownBy(() -> new Comparison(a, b)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void conflictMessageNamesBothRevisions() {
    RevisionInfo current = Revision.create(MAIN, 5, 4, "bob", T, "", "x").info();

    assertThat(new EditConflictException(MAIN, 3, current))
        .hasMessageContaining("revision 3").hasMessageContaining("latest is 5");
    assertThat(new EditConflictException(MAIN, 3, null))
        .hasMessageContaining("does not exist");
  }
}
