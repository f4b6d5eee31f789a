package org.wikicache.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AccountPolicyTest {
  @Test
  void defaultFollowsTheCourseWiki() {
    AccountPolicy policy = AccountPolicy.DEFAULT;

    assertThat(policy.checkUsername("a_b-C9")).isEqualTo("a_b-C9");
    assertThat(policy.checkUsername("x".repeat(20))).hasSize(20);
    assertThatThrownBy(() -> policy.checkUsername("x".repeat(21)))
        .hasMessage("That's not a valid username.");
    assertThatThrownBy(() -> policy.checkPassword("x".repeat(7)))
        .hasMessage("That wasn't a valid password.");
    assertThatThrownBy(() -> policy.checkPassword("x".repeat(AccountPolicy.MAX_PASSWORD_LENGTH + 1)))
        .hasMessage("That wasn't a valid password.");
  }

  @Test
  void rulesAreConfigurable() {
    AccountPolicy strict = new AccountPolicy(Pattern.compile("[a-z]{4,8}"), 12);

    assertThat(strict.checkUsername("abcd")).isEqualTo("abcd");
    assertThatThrownBy(() -> strict.checkUsername("abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> strict.checkPassword("elevenchars"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AccountPolicy(Pattern.compile("x"), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emailsAreOptionalButMustLookRight() {
    assertThat(AccountPolicy.checkEmail("")).isEmpty();
    assertThat(AccountPolicy.checkEmail("a.b+c@example.co.uk")).isNotEmpty();
    assertThatThrownBy(() -> AccountPolicy.checkEmail("x".repeat(250) + "@a.bc"))
        .hasMessage("That's not a valid email.");
  }
}
