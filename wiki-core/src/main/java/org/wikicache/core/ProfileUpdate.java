package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import org.wikicache.core.internal.StoreChecks;

/**
 * The fields a user may change on their own profile.
 *
 * @param email the new email, empty to remove it; checked by {@link AccountPolicy#checkEmail}
 * @param displayName the new display name, at most {@value #MAX_DISPLAY_NAME} characters
 * @param bio the new biography, at most {@value #MAX_BIO} characters, no control characters
 *     but line breaks and tabs
 */
public record ProfileUpdate(String email, String displayName, String bio) {
  /** The longest display name. */
  public static final int MAX_DISPLAY_NAME = 100;
  /** The longest biography. */
  public static final int MAX_BIO = 4000;

  /** Validates lengths and the absence of control characters in the display name. */
  public ProfileUpdate {
    requireNonNull(email, "email");
    requireNonNull(displayName, "displayName");
    requireNonNull(bio, "bio");
    checkArgument(displayName.length() <= MAX_DISPLAY_NAME,
        "display name must be at most %s characters", MAX_DISPLAY_NAME);
    checkArgument(displayName.chars().noneMatch(Character::isISOControl),
        "display name must not contain control characters");
    checkArgument(bio.length() <= MAX_BIO, "bio must be at most %s characters", MAX_BIO);
    // PostgreSQL's text cannot hold U+0000; line breaks and tabs are a bio's own
    checkArgument(bio.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n'
        && c != '\r' && c != '\t'),
        "bio must not contain control characters but line breaks and tabs");
    StoreChecks.checkWellFormed(email, "email");
    StoreChecks.checkWellFormed(displayName, "display name");
    StoreChecks.checkWellFormed(bio, "bio");
  }
}
