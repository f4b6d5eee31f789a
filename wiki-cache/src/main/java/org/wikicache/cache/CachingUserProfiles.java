package org.wikicache.cache;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.wikicache.core.ProfileUpdate;
import org.wikicache.core.User;
import org.wikicache.core.UserProfiles;

/**
 * A {@link UserProfiles} that caches profiles by id and by name. Made by
 * {@link CachingStores#users(UserProfiles)}.
 *
 * <p>What it adds: {@link #findById} and {@link #findByName} are cache-aside reads with the same
 * lease protection as pages; unknown names are remembered briefly. {@link #updateProfile} and
 * {@link #signUp} commit, then invalidate both keys before returning.
 *
 * <p>What it gives up: nothing — {@link #authenticate} always asks the store (a password hash is
 * never cached), and {@link #admins()} goes to the store (it is read only to send mail).
 *
 * <p>Thread-safe.
 */
public final class CachingUserProfiles implements UserProfiles {
  private final UserProfiles delegate;
  private final CachingStores layer;
  private final CacheAside aside;

  CachingUserProfiles(UserProfiles delegate, CachingStores layer) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.layer = layer;
    this.aside = layer.aside();
  }

  /** The profiles behind this cache. */
  public UserProfiles delegate() {
    return delegate;
  }

  @Override
  public User signUp(String username, String password, String email) {
    User user = delegate.signUp(username, password, email);
    layer.invalidate(EntityKind.USER,
        List.of(CacheKeys.userByName(user.username()), CacheKeys.userById(user.id())));
    return user;
  }

  @Override
  public Optional<User> authenticate(String username, String password) {
    return delegate.authenticate(username, password);
  }

  @Override
  public Optional<User> findByName(String username) {
    requireNonNull(username, "username");
    return aside.get(EntityKind.USER, CacheKeys.userByName(username), Codecs.USER,
        () -> delegate.findByName(username), layer.userTtl(), layer.missingUserTtl(), false);
  }

  @Override
  public Optional<User> findById(long id) {
    return aside.get(EntityKind.USER, CacheKeys.userById(id), Codecs.USER,
        () -> delegate.findById(id), layer.userTtl(), layer.missingUserTtl(), false);
  }

  @Override
  public User updateProfile(long id, ProfileUpdate update) {
    User user = delegate.updateProfile(id, update);
    layer.invalidate(EntityKind.USER,
        List.of(CacheKeys.userById(id), CacheKeys.userByName(user.username())));
    return user;
  }

  @Override
  public List<User> admins() {
    return delegate.admins();
  }
}
