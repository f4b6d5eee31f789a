package org.wikicache.core;

import java.util.List;
import java.util.Optional;

/**
 * User accounts: sign-up, login and profiles.
 *
 * <p>Implementations are thread-safe, hash passwords with a slow salted hash
 * ({@link PasswordHasher}), check credentials in constant time whether or not the user exists,
 * and treat usernames as unique case-insensitively ("Ada" and "ada" are one user). The first
 * account ever created gets {@link Role#ADMIN}.
 *
 * <pre>{@code
 * User ada = users.signUp("ada", "correct horse", "ada@example.org");
 * Optional<User> me = users.authenticate("ADA", "correct horse");
 * }</pre>
 */
public interface UserProfiles {
  /**
   * Creates an account.
   *
   * @throws IllegalArgumentException with the course wiki's message if the username, password or
   *     email breaks the {@link AccountPolicy}
   * @throws UserExistsException if the username is taken, in any letter case
   */
  User signUp(String username, String password, String email);

  /** The user if the password matches, else empty; takes the same time either way. */
  Optional<User> authenticate(String username, String password);

  /** The user with this username, in any letter case. */
  Optional<User> findByName(String username);

  /** The user with this id. */
  Optional<User> findById(long id);

  /**
   * Replaces the user's email, display name and bio.
   *
   * @return the updated user
   * @throws IllegalArgumentException if the email is invalid or no user has {@code id}
   */
  User updateProfile(long id, ProfileUpdate update);

  /** Every user holding {@link Role#ADMIN}, by id, at most {@link WikiStore#MAX_LIMIT}. */
  List<User> admins();
}
