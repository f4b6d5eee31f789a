package org.wikicache.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.junit.jupiter.api.Test;

class WikiAuthorizationTest {
  private final InMemoryWikiStore store = InMemoryWikiStore.create();
  private final InMemoryUserProfiles users = new InMemoryUserProfiles(AccountPolicy.DEFAULT,
      new PasswordHasher(1000), Clock.systemUTC());
  private final Wiki wiki = Wiki.newBuilder().store(store).history(store).users(users).build();
  private final User admin = users.signUp("admin", "correct horse battery", "");
  private final User bob = users.signUp("bob", "correct horse battery", "");
  private final PageName main = PageName.of("Main");

  @Test
  void protectedPagesAreEditedAndMovedByAdminsOnly() {
    wiki.edit(new Edit(main, 0, "one", "bob", ""));
    assertThatThrownBy(() -> wiki.protect(bob, main, true))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(wiki.protect(admin, main, true)).isTrue();

    assertThatThrownBy(() -> wiki.edit(new Edit(main, 1, "two", "bob", "")))
        .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("protected");
    assertThatThrownBy(() -> wiki.edit(new Edit(main, 1, "two", "nobody", "")))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> wiki.move(bob, main, PageName.of("Other"), false, ""))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(wiki.edit(new Edit(main, 1, "two", "admin", "")).created()).isTrue();
    assertThat(wiki.isProtected(main)).isTrue();
  }

  @Test
  void blockedUsersCannotEditOrMove() {
    wiki.edit(new Edit(main, 0, "one", "bob", ""));
    assertThatThrownBy(() -> wiki.block(bob, "admin", true))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(wiki.block(admin, "BOB", true)).isTrue();

    assertThatThrownBy(() -> wiki.edit(new Edit(main, 1, "two", "bob", "")))
        .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("blocked");
    assertThatThrownBy(() -> wiki.move(bob, main, PageName.of("Other"), false, ""))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> wiki.block(admin, "admin", true))
        .isInstanceOf(IllegalArgumentException.class);

    wiki.block(admin, "bob", false);
    assertThat(wiki.edit(new Edit(main, 1, "two", "bob", "")).created()).isTrue();
  }

  @Test
  void deleteAndRestoreAreForAdmins() {
    wiki.edit(new Edit(main, 0, "one", "bob", ""));
    assertThatThrownBy(() -> wiki.delete(bob, main))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(wiki.view(main)).isPresent();

    assertThat(wiki.delete(admin, main)).isTrue();
    assertThat(wiki.view(main)).isEmpty();
    assertThatThrownBy(() -> wiki.restore(bob, main))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> wiki.deletedPages(bob, null, 10))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(wiki.deletedPages(admin, null, 10)).hasSize(1);
    assertThat(wiki.restore(admin, main)).isTrue();
    assertThat(wiki.view(main).orElseThrow().content()).isEqualTo("one");
  }

  @Test
  void viewsFollowTheRedirectAMoveLeaves() {
    wiki.edit(new Edit(main, 0, "one", "bob", ""));

    var moved = wiki.move(bob, main, PageName.of("Home"), false, "better name");

    assertThat(moved).singleElement()
        .satisfies(m -> assertThat(m.redirect().author()).isEqualTo("bob"));
    ResolvedPage resolved = wiki.resolve(main).orElseThrow();
    assertThat(resolved.page().name()).isEqualTo(PageName.of("Home"));
    assertThat(resolved.page().content()).isEqualTo("one");
    assertThat(resolved.redirectedFrom()).contains(main);
    assertThat(wiki.resolve(PageName.of("Home")).orElseThrow().redirectedFrom()).isEmpty();
    assertThat(wiki.resolve(PageName.of("Nowhere"))).isEmpty();
  }
}
