package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reference {@link UserProfiles}, held in memory. Thread-safe (every call is synchronised:
 * sign-ups are rare, and hashing happens outside the lock).
 *
 * <pre>{@code
 * UserProfiles users = new InMemoryUserProfiles(AccountPolicy.DEFAULT, PasswordHasher.DEFAULT,
 *     Clock.systemUTC());
 * }</pre>
 */
public final class InMemoryUserProfiles implements UserProfiles {
  private record Account(User user, String passwordHash) {}

  private final AccountPolicy policy;
  private final PasswordHasher hasher;
  private final Clock clock;
  private final Map<Long, Account> byId = new TreeMap<>();
  private final Map<String, Long> idByName = new HashMap<>();
  private long nextId = 1;

  /** An empty set of accounts with these rules, hasher and clock. */
  public InMemoryUserProfiles(AccountPolicy policy, PasswordHasher hasher, Clock clock) {
    this.policy = requireNonNull(policy, "policy");
    this.hasher = requireNonNull(hasher, "hasher");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public User signUp(String username, String password, String email) {
    policy.checkUsername(username);
    policy.checkPassword(password);
    AccountPolicy.checkEmail(email);
    String hash = hasher.hash(password);
    synchronized (this) {
      String key = key(username);
      if (idByName.containsKey(key)) {
        throw new UserExistsException(username);
      }
      Set<Role> roles = byId.isEmpty() ? EnumSet.of(Role.ADMIN) : EnumSet.noneOf(Role.class);
      User user = new User(nextId++, username, email, "", "", roles, clock.instant());
      byId.put(user.id(), new Account(user, hash));
      idByName.put(key, user.id());
      return user;
    }
  }

  @Override
  public Optional<User> authenticate(String username, String password) {
    requireNonNull(password, "password");
    Account account;
    synchronized (this) {
      Long id = username == null ? null : idByName.get(key(username));
      account = id == null ? null : byId.get(id);
    }
    if (account == null) {
      hasher.verifyNothing(password);  // same time as a real check: no username probing
      return Optional.empty();
    }
    return hasher.verify(password, account.passwordHash())
        ? Optional.of(account.user()) : Optional.empty();
  }

  @Override
  public synchronized Optional<User> findByName(String username) {
    Long id = idByName.get(key(username));
    return id == null ? Optional.empty() : Optional.of(byId.get(id).user());
  }

  @Override
  public synchronized Optional<User> findById(long id) {
    return Optional.ofNullable(byId.get(id)).map(Account::user);
  }

  @Override
  public synchronized User updateProfile(long id, ProfileUpdate update) {
    requireNonNull(update, "update");
    AccountPolicy.checkEmail(update.email());
    Account account = byId.get(id);
    checkArgument(account != null, "no user has id %s", id);
    User old = account.user();
    User updated = new User(old.id(), old.username(), update.email(), update.displayName(),
        update.bio(), old.roles(), old.created());
    byId.put(id, new Account(updated, account.passwordHash()));
    return updated;
  }

  @Override
  public synchronized List<User> admins() {
    return byId.values().stream().map(Account::user).filter(User::isAdmin)
        .limit(WikiStore.MAX_LIMIT).toList();
  }

  private static String key(String username) {
    return requireNonNull(username, "username").toLowerCase(Locale.ROOT);
  }
}
