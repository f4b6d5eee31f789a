package org.wikicache.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wikicache.core.AccountPolicy;
import org.wikicache.core.PasswordHasher;
import org.wikicache.core.ProfileUpdate;
import org.wikicache.core.User;
import org.wikicache.core.UserExistsException;
import org.wikicache.core.UserProfiles;

/**
 * The behaviour every {@link UserProfiles} must show. Subclass it once per implementation and
 * return a fresh, empty instance with {@link AccountPolicy#DEFAULT} from {@link #createUsers()}
 * (use a cheap {@link PasswordHasher}, e.g. 1,000 iterations, to keep tests fast).
 */
public abstract class UserProfilesContract {
  /** A fresh, empty {@link UserProfiles} for one test. */
  protected abstract UserProfiles createUsers() throws Exception;

  /** Releases what {@link #createUsers()} made; called after each test. */
  protected void closeUsers() throws Exception {}

  protected UserProfiles users;

  @BeforeEach
  void create() throws Exception {
    users = createUsers();
  }

  @AfterEach
  void close() throws Exception {
    closeUsers();
  }

  @Test
  void signUpCreatesAUserAndTheFirstOneIsAdmin() {
    User ada = users.signUp("ada", "correct horse", "ada@example.org");
    User bob = users.signUp("bob", "battery staple", "");

    assertThat(ada.id()).isPositive();
    assertThat(bob.id()).isPositive().isNotEqualTo(ada.id());
    assertThat(ada.username()).isEqualTo("ada");
    assertThat(ada.email()).isEqualTo("ada@example.org");
    assertThat(ada.isAdmin()).isTrue();
    assertThat(bob.isAdmin()).isFalse();
    assertThat(bob.email()).isEmpty();
    assertThat(users.admins()).extracting(User::username).containsExactly("ada");
  }

  @Test
  void usernamesAreUniqueIgnoringCase() {
    users.signUp("Ada", "correct horse", "");

    assertThatThrownBy(() -> users.signUp("ada", "another one", ""))
        .isInstanceOf(UserExistsException.class);
    assertThatThrownBy(() -> users.signUp("ADA", "another one", ""))
        .isInstanceOf(UserExistsException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ab", "abcdefghijklmnopqrstu", "with space", "<script>", "semi;colon",
      "ünïcode", "tab\tname", "new\nline"})
  void invalidUsernamesAreRefusedWithTheCourseMessage(String username) {
    assertThatThrownBy(() -> users.signUp(username, "correct horse", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("That's not a valid username.");
  }

  @Test
  void shortPasswordsAreRefusedWithTheCourseMessage() {
    assertThatThrownBy(() -> users.signUp("ada", "1234567", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("That wasn't a valid password.");
    assertThat(users.signUp("ada", "12345678", "").username()).isEqualTo("ada");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-an-email", "a@b", "a b@c.d", "a@b.c\r\nBcc: x@y.z", "a\0@b.c",
      "a@b\u0007.c"})
  void invalidEmailsAreRefusedWithTheCourseMessage(String email) {
    assertThatThrownBy(() -> users.signUp("ada", "correct horse", email))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("That's not a valid email.");
    assertThat(users.findByName("ada")).isEmpty();
  }

  @Test
  void authenticateChecksThePassword() {
    User ada = users.signUp("Ada", "correct horse", "");

    assertThat(users.authenticate("Ada", "correct horse")).contains(ada);
    assertThat(users.authenticate("ada", "correct horse")).contains(ada);
    assertThat(users.authenticate("Ada", "correct horsE")).isEmpty();
    assertThat(users.authenticate("Ada", "")).isEmpty();
    assertThat(users.authenticate("nobody", "correct horse")).isEmpty();
    // names no store can hold are simply unknown, never an error
    assertThat(users.authenticate("Ada\0", "correct horse")).isEmpty();
    assertThat(users.authenticate("\u0130".repeat(200), "correct horse")).isEmpty();
  }

  @Test
  void findByNameIgnoresCaseAndFindByIdWorks() {
    User ada = users.signUp("Ada", "correct horse", "");

    assertThat(users.findByName("aDA")).contains(ada);
    assertThat(users.findById(ada.id())).contains(ada);
    assertThat(users.findByName("nobody")).isEmpty();
    assertThat(users.findById(ada.id() + 1000)).isEmpty();
    assertThat(users.findByName("a\0da")).isEmpty();
    assertThat(users.findByName("\u0130".repeat(200))).isEmpty();  // 400 characters lower-cased
  }

  @Test
  void updateProfileReplacesTheEditableFields() {
    User ada = users.signUp("ada", "correct horse", "ada@example.org");
    String bio = "Likes 'quotes', \"double\", emoji 😀 and <b>tags</b>.\nSecond line.";

    User updated = users.updateProfile(ada.id(),
        new ProfileUpdate("countess@example.org", "Ada Lovelace", bio));

    assertThat(updated.email()).isEqualTo("countess@example.org");
    assertThat(updated.displayName()).isEqualTo("Ada Lovelace");
    assertThat(updated.bio()).isEqualTo(bio);
    assertThat(updated.username()).isEqualTo("ada");
    assertThat(updated.roles()).isEqualTo(ada.roles());
    assertThat(users.findById(ada.id())).contains(updated);
    assertThat(users.findByName("ada")).contains(updated);
    assertThat(users.authenticate("ada", "correct horse")).contains(updated);
  }

  @Test
  void updateProfileRefusesBadInput() {
    User ada = users.signUp("ada", "correct horse", "");

    assertThatThrownBy(() -> users.updateProfile(ada.id(), new ProfileUpdate("nope", "", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("That's not a valid email.");
    assertThatThrownBy(() -> users.updateProfile(ada.id() + 1000, new ProfileUpdate("", "", "")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ProfileUpdate("", "", "a\0b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new ProfileUpdate("", "", "line\r\nbreak\tand tab").bio()).contains("\t");
    assertThat(users.findById(ada.id())).contains(ada);
  }

  @Test
  void userValuesNeverShowThePassword() {
    User ada = users.signUp("ada", "correct horse", "");

    assertThat(ada.toString()).doesNotContain("correct horse").doesNotContain("pbkdf2");
  }

  @Test
  void concurrentSignUpsOfOneNameHaveExactlyOneWinner() throws Exception {
    List<Callable<Boolean>> attempts = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      String name = t % 2 == 0 ? "Racer" : "racer";
      attempts.add(() -> {
        try {
          users.signUp(name, "correct horse", "");
          return true;
        } catch (UserExistsException e) {
          return false;
        }
      });
    }

    assertThat(Concurrently.run(attempts)).filteredOn(won -> won).hasSize(1);
    assertThat(users.admins()).hasSize(1);
  }

  @Test
  void concurrentFirstSignUpsMakeExactlyOneAdmin() throws Exception {
    List<Callable<User>> signUps = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      String name = "first" + t;
      signUps.add(() -> users.signUp(name, "correct horse", ""));
    }

    List<User> created = Concurrently.run(signUps);

    assertThat(created).filteredOn(User::isAdmin).hasSize(1);
    assertThat(users.admins()).hasSize(1);
    for (User user : created) {
      assertThat(users.findById(user.id())).contains(user);
    }
  }
}
