package org.wikicache.email;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.wikicache.core.ProfileUpdate;
import org.wikicache.core.Role;
import org.wikicache.core.User;
import org.wikicache.core.UserProfiles;

/**
 * A {@link UserProfiles} whose admins are set by the test, with any email string (the real
 * implementations validate emails at sign-up, so bad addresses could only come from old data).
 * Only {@link #admins()} is implemented.
 */
final class FixedAdmins implements UserProfiles {
  private final List<User> admins = new CopyOnWriteArrayList<>();
  private volatile RuntimeException failure;

  static FixedAdmins of(String... emails) {
    FixedAdmins a = new FixedAdmins();
    for (String email : emails) {
      a.add("admin" + (a.admins.size() + 1), email);
    }
    return a;
  }

  User add(String username, String email) {
    User user = new User(admins.size() + 1, username, email, "", "", EnumSet.of(Role.ADMIN),
        Instant.parse("2026-01-01T00:00:00Z"));
    admins.add(user);
    return user;
  }

  void failWith(RuntimeException e) {
    failure = e;
  }

  @Override
  public List<User> admins() {
    if (failure != null) {
      throw failure;
    }
    return new ArrayList<>(admins);
  }

  @Override
  public User signUp(String username, String password, String email) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<User> authenticate(String username, String password) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<User> findByName(String username) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<User> findById(long id) {
    throw new UnsupportedOperationException();
  }

  @Override
  public User updateProfile(long id, ProfileUpdate update) {
    throw new UnsupportedOperationException();
  }
}
