package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The rules for usernames, passwords and email addresses at sign-up. The default follows the
 * classic course wiki: usernames of 3–20 letters, digits, {@code _} and {@code -}; passwords of
 * at least 8 characters; an optional email of the form {@code a@b.c}.
 *
 * <pre>{@code
 * AccountPolicy strict = new AccountPolicy(Pattern.compile("[a-z]{4,16}"), 12);
 * }</pre>
 *
 * @param username the pattern a whole username must match
 * @param minPasswordLength the fewest characters a password may have (at least 1)
 */
public record AccountPolicy(Pattern username, int minPasswordLength) {
  /** The course wiki's rules. */
  public static final AccountPolicy DEFAULT =
      new AccountPolicy(Pattern.compile("[a-zA-Z0-9_-]{3,20}"), 8);

  /** The longest password accepted, so hashing cost stays bounded. */
  public static final int MAX_PASSWORD_LENGTH = 1024;
  /** The longest email address (RFC 5321's path limit). */
  public static final int MAX_EMAIL_LENGTH = 254;

  // Deliberately simple, like the course wiki's: one @, no spaces or control characters, a dot
  // in the domain.
  private static final Pattern EMAIL =
      Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+");

  /** Validates the policy itself. */
  public AccountPolicy {
    requireNonNull(username, "username");
    checkArgument(minPasswordLength >= 1 && minPasswordLength <= MAX_PASSWORD_LENGTH,
        "minPasswordLength must be between 1 and %s", MAX_PASSWORD_LENGTH);
  }

  /** Throws "That's not a valid username." unless {@code name} matches the pattern. */
  public String checkUsername(String name) {
    checkArgument(name != null && username.matcher(name).matches(),
        "That's not a valid username.");
    return name;
  }

  /** Throws "That wasn't a valid password." unless the length is within bounds. */
  public String checkPassword(String password) {
    checkArgument(password != null && password.length() >= minPasswordLength
        && password.length() <= MAX_PASSWORD_LENGTH, "That wasn't a valid password.");
    return password;
  }

  /** Throws "That's not a valid email." unless {@code email} is empty or looks like one. */
  public static String checkEmail(String email) {
    checkArgument(email != null && (email.isEmpty()
        || (email.length() <= MAX_EMAIL_LENGTH && EMAIL.matcher(email).matches())),
        "That's not a valid email.");
    return email;
  }
}
