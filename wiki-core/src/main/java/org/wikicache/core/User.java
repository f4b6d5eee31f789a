package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.Sets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A user's public profile. It never holds the password hash: that stays inside the
 * {@link UserProfiles} implementation, so no {@code toString}, log line or cache entry can leak it.
 *
 * @param id the store's id, positive
 * @param username the login name, unique case-insensitively
 * @param email the email address, empty if none was given
 * @param displayName the name shown on pages, empty for "use the username"
 * @param bio a free-text biography, possibly empty
 * @param roles the roles held, e.g. {@link Role#ADMIN}
 * @param created when the account was created
 */
public record User(long id, String username, String email, String displayName, String bio,
    Set<Role> roles, Instant created) {
  /** Validates every component and makes {@code roles} immutable. */
  public User {
    checkArgument(id > 0, "id must be positive, was %s", id);
    requireNonNull(username, "username");
    requireNonNull(email, "email");
    requireNonNull(displayName, "displayName");
    requireNonNull(bio, "bio");
    roles = roles.isEmpty() ? Set.of() : Sets.immutableEnumSet(EnumSet.copyOf(roles));
    requireNonNull(created, "created");
  }

  /** True if this user holds {@link Role#ADMIN}. */
  public boolean isAdmin() {
    return roles.contains(Role.ADMIN);
  }

  /** The name to show: the display name, or the username when that is empty. */
  public String shownName() {
    return displayName.isEmpty() ? username : displayName;
  }
}
