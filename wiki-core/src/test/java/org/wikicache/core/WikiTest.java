package org.wikicache.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.junit.jupiter.api.Test;

class WikiTest {
  private final InMemoryWikiStore store = InMemoryWikiStore.create();
  private final InMemoryNotifier notifier = new InMemoryNotifier();
  private final Wiki wiki = Wiki.newBuilder()
      .store(store).history(store)
      .users(new InMemoryUserProfiles(AccountPolicy.DEFAULT, new PasswordHasher(1000),
          Clock.systemUTC()))
      .notifier(notifier)
      .build();
  private final PageName main = PageName.of("Main");

  @Test
  void editsAreViewableByRevisionAndNotifyAdmins() {
    wiki.edit(new Edit(main, 0, "one", "ada", "create"));
    wiki.edit(new Edit(main, 1, "two", "ada", "more"));
    wiki.edit(new Edit(main, 2, "two", "ada", "no change"));

    assertThat(wiki.view(main).orElseThrow().content()).isEqualTo("two");
    assertThat(wiki.view(main, 1).orElseThrow().content()).isEqualTo("one");
    assertThat(notifier.events()).hasSize(2).allMatch(e -> e instanceof WikiEvent.PageEdited);
    assertThat(wiki.history(main, Long.MAX_VALUE, 10)).hasSize(2);
    assertThat(wiki.recentChanges(10)).hasSize(2);
    assertThat(wiki.listPages(null, 10)).containsExactly(main);
  }

  @Test
  void compareNeedsBothRevisions() {
    wiki.edit(new Edit(main, 0, "one", "ada", ""));
    wiki.edit(new Edit(main, 1, "two", "ada", ""));

    Comparison c = wiki.compare(main, 1, 2).orElseThrow();
    assertThat(c.from().content()).isEqualTo("one");
    assertThat(c.to().content()).isEqualTo("two");
    assertThat(wiki.compare(main, 1, 9)).isEmpty();
    assertThat(wiki.compare(main, 9, 1)).isEmpty();
  }

  @Test
  void revertMakesANewRevisionWithOldContent() {
    wiki.edit(new Edit(main, 0, "good", "ada", ""));
    wiki.edit(new Edit(main, 1, "vandalised", "troll", ""));

    SaveResult reverted = wiki.revert(main, 1, "ada");

    assertThat(reverted.revision().number()).isEqualTo(3);
    assertThat(reverted.revision().comment()).contains("revision 1");
    assertThat(wiki.view(main).orElseThrow().content()).isEqualTo("good");
    assertThatThrownBy(() -> wiki.revert(main, 7, "ada"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void conflictsReachTheCaller() {
    wiki.edit(new Edit(main, 0, "one", "ada", ""));
    wiki.edit(new Edit(main, 1, "two", "bob", ""));

    assertThatThrownBy(() -> wiki.edit(new Edit(main, 1, "mine", "ada", "")))
        .isInstanceOf(EditConflictException.class);
  }

  @Test
  void signUpLogInAndProfile() {
    User ada = wiki.signUp("ada", "correct horse", "ada@example.org");

    assertThat(wiki.logIn("ada", "correct horse")).contains(ada);
    assertThat(wiki.logIn("ada", "wrong password")).isEmpty();
    User updated = wiki.updateProfile(ada.id(), new ProfileUpdate("", "Ada", "bio"));
    assertThat(updated.shownName()).isEqualTo("Ada");
    assertThat(notifier.events()).containsExactly(new WikiEvent.UserSignedUp(ada));
  }

  @Test
  void aBlockedUserCannotChangeTheirProfile() {
    User ada = wiki.signUp("ada", "correct horse", "");
    store.setBlocked("ada", true);

    assertThatThrownBy(() -> wiki.updateProfile(ada.id(), new ProfileUpdate("", "", "spam")))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(wiki.users().findById(ada.id()).orElseThrow().bio()).isEmpty();
    store.setBlocked("ada", false);
    assertThat(wiki.updateProfile(ada.id(), new ProfileUpdate("", "", "fine")).bio())
        .isEqualTo("fine");
  }

  @Test
  void aFailingNotifierNeverFailsTheCall() {
    Wiki fragile = Wiki.newBuilder().store(store).history(store)
        .users(new InMemoryUserProfiles(AccountPolicy.DEFAULT, new PasswordHasher(1000),
            Clock.systemUTC()))
        .notifier(event -> {
          throw new IllegalStateException("mail server on fire");
        })
        .build();

    assertThat(fragile.edit(new Edit(main, 0, "x", "ada", "")).created()).isTrue();
    assertThat(fragile.signUp("ada", "correct horse", "").username()).isEqualTo("ada");
  }

  @Test
  void builderRequiresItsParts() {
    assertThatThrownBy(() -> Wiki.newBuilder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Wiki.newBuilder().store(store).history(store).build())
        .hasMessageContaining("users");
  }
}
