package org.wikicache.cache;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.ChangeLog.Change;
import org.wikicache.core.LagAware;
import org.wikicache.core.ProfileUpdate;
import org.wikicache.core.User;
import org.wikicache.core.UserExistsException;
import org.wikicache.core.UserProfiles;

/**
 * A {@link UserProfiles} that caches profiles by id and by name. Made by
 * {@link CachingStores#users(UserProfiles)}.
 *
 * <p>What it adds: {@link #findById} and {@link #findByName} are cache-aside reads with the same
 * lease protection as pages; unknown names and ids are remembered briefly. Names are keyed as the
 * stores compare them (lower-cased), so one account is one key whatever case it is asked in.
 *
 * <p>What it gives up: nothing in consistency (see {@link CachingStores}): sign-ups and profile
 * updates invalidate both keys before they return. {@link #authenticate} always asks the store (a
 * password hash is never cached), and {@link #admins()} goes to the store (it is read only to send
 * mail).
 *
 * <p>Thread-safe.
 */
final class CachingUserProfiles implements UserProfiles {
  private final UserProfiles delegate;
  private final CachingStores layer;
  private final CacheAside aside;
  private final boolean logged;
  private final @Nullable LagAware lagAware;

  /** @param logged true if {@code delegate} records its writes in a change log of its own */
  CachingUserProfiles(UserProfiles delegate, CachingStores layer, boolean logged) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.layer = layer;
    this.aside = layer.aside();
    this.logged = logged;
    this.lagAware = delegate instanceof LagAware l ? l : null;
  }

  /** Runs a load whose result may be cached: lag-safe when the delegate reads replicas. */
  private <T> T load(Supplier<T> read) {
    return lagAware == null ? read.get() : lagAware.lagSafe(read);
  }

  CachingStores layer() {
    return layer;
  }

  @Override
  public User signUp(String username, String password, String email) {
    User user = write(() -> List.of(Change.username(username)),
        () -> delegate.signUp(username, password, email));
    if (!logged) {
      layer.changedWithoutLog(List.of(Change.user(user.id()), Change.username(username)));
    }
    return user;
  }

  @Override
  public Optional<User> authenticate(String username, String password) {
    return delegate.authenticate(username, password);
  }

  @Override
  public Optional<User> findByName(String username) {
    CacheKeys keys = layer.keys();
    requireNonNull(username, "username");
    return aside.get(EntityKind.USER, keys.userByName(username), null, Codecs.USER,
        () -> load(() -> delegate.findByName(username)), layer.userTtl(), layer.missingUserTtl(), false);
  }

  @Override
  public Optional<User> findById(long id) {
    CacheKeys keys = layer.keys();
    return aside.get(EntityKind.USER, keys.userById(id), null, Codecs.USER,
        () -> load(() -> delegate.findById(id)), layer.userTtl(), layer.missingUserTtl(), false);
  }

  @Override
  public User updateProfile(long id, ProfileUpdate update) {
    // Without a log, a failed write that may have committed is invalidated here: by id, and by
    // name, which is read before the write while the store still answers.
    Optional<String> name = logged ? Optional.empty() : usernameOf(id);
    User user = write(() -> name.map(n -> List.of(Change.user(id), Change.username(n)))
        .orElseGet(() -> List.of(Change.user(id))), () -> delegate.updateProfile(id, update));
    if (!logged) {
      layer.changedWithoutLog(List.of(Change.user(id), Change.username(user.username())));
    }
    return user;
  }

  private Optional<String> usernameOf(long id) {
    try {
      return id > 0 ? delegate.findById(id).map(User::username) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();  // the write will fail the same way, or invalidate by id
    }
  }

  /**
   * Runs a write of the delegate. If it fails in a way that may have committed and the delegate
   * keeps no log, {@code mayHaveChanged} is invalidated in this process anyway (always safe).
   */
  private User write(Supplier<List<Change>> mayHaveChanged, Supplier<User> write) {
    try {
      return write.get();
    } catch (UserExistsException | IllegalArgumentException nothingSaved) {
      throw nothingSaved;
    } catch (RuntimeException e) {
      if (!logged) {
        layer.changedWithoutLog(mayHaveChanged.get());
      }
      throw e;
    }
  }

  @Override
  public List<User> admins() {
    return delegate.admins();
  }
}
