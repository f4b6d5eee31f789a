package org.wikicache.examples;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.ChangeLog;
import org.wikicache.core.ChangeLogged;
import org.wikicache.core.Edit;
import org.wikicache.core.Contributions;
import org.wikicache.core.DeletedPage;
import org.wikicache.core.LagAware;
import org.wikicache.core.Move;
import org.wikicache.core.MovedPage;
import org.wikicache.core.SearchHit;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.ProfileUpdate;
import org.wikicache.core.RequestCost;
import org.wikicache.core.Revision;
import org.wikicache.core.RevisionHistory;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.SaveResult;
import org.wikicache.core.User;
import org.wikicache.core.UserProfiles;
import org.wikicache.core.WikiStore;

/**
 * Counts the calls that reach a store, by kind ({@code page.get}, {@code revision.get},
 * {@code user.authenticate}...), for the stats page. Placed directly above the store (below any
 * cache), it counts what the store is really asked. For stores that do not record into
 * {@link RequestCost} themselves (the in-memory ones), it records each call as one store query.
 *
 * <p>Thread-safe.
 */
final class StoreMeter {
  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final boolean recordRequestCost;

  /** @param recordRequestCost whether each counted call is also one {@link RequestCost} query */
  StoreMeter(boolean recordRequestCost) {
    this.recordRequestCost = recordRequestCost;
  }

  /** A snapshot of the counts by kind, sorted by kind. */
  Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((kind, n) -> out.put(kind, n.sum()));
    return out;
  }

  /** The total of all counts. */
  long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  private void count(String kind) {
    counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
    if (recordRequestCost) {
      RequestCost.recordStoreQuery();
    }
  }

  /**
   * A store that counts into this meter; {@code store} must also be a RevisionHistory. If it
   * keeps a change log, so does the result (a caching layer above it then relays that log).
   */
  <S extends WikiStore & RevisionHistory> Store wrap(S store) {
    return wrap(store, store);
  }

  /** A store and history that count into this meter. */
  Store wrap(WikiStore store, RevisionHistory history) {
    return store instanceof ChangeLogged logged ? new LoggedStore(store, history, logged)
        : new Store(store, history);
  }

  /** User profiles that count into this meter (keeping a change log if {@code users} does). */
  UserProfiles wrap(UserProfiles users) {
    return users instanceof ChangeLogged logged ? new LoggedUsers(users, logged)
        : new Users(users);
  }

  /**
   * A counting store over a store that keeps a change log (and may read replicas: its lag-safe
   * reads stay lag-safe).
   */
  private final class LoggedStore extends Store implements ChangeLogged, LagAware {
    private final ChangeLogged logged;

    private LoggedStore(WikiStore store, RevisionHistory history, ChangeLogged logged) {
      super(store, history);
      this.logged = logged;
    }

    @Override
    public ChangeLog changeLog() {
      return logged.changeLog();
    }

    @Override
    public <T> T lagSafe(Supplier<T> read) {
      return logged instanceof LagAware lagAware ? lagAware.lagSafe(read) : read.get();
    }
  }

  /** Counting profiles over profiles that keep a change log. */
  private final class LoggedUsers extends Users implements ChangeLogged, LagAware {
    private final ChangeLogged logged;

    private LoggedUsers(UserProfiles users, ChangeLogged logged) {
      super(users);
      this.logged = logged;
    }

    @Override
    public ChangeLog changeLog() {
      return logged.changeLog();
    }

    @Override
    public <T> T lagSafe(Supplier<T> read) {
      return logged instanceof LagAware lagAware ? lagAware.lagSafe(read) : read.get();
    }
  }

  /** The counting decorator of a store and its history. */
  class Store implements WikiStore, RevisionHistory {
    private final WikiStore store;
    private final RevisionHistory history;

    private Store(WikiStore store, RevisionHistory history) {
      this.store = store;
      this.history = history;
    }

    @Override
    public Optional<Page> get(PageName name) {
      count("page.get");
      return store.get(name);
    }

    @Override
    public Map<PageName, Page> getAll(Collection<PageName> names) {
      count("page.getAll");
      return store.getAll(names);
    }

    @Override
    public SaveResult save(Edit edit) {
      count("page.save");
      return store.save(edit);
    }

    @Override
    public List<PageName> listPages(@Nullable PageName after, int limit) {
      count("page.list");
      return store.listPages(after, limit);
    }

    @Override
    public List<RevisionInfo> recentChanges(int limit) {
      count("recentChanges");
      return store.recentChanges(limit);
    }

    @Override
    public Optional<Revision> revision(PageName page, long number) {
      count("revision.get");
      return history.revision(page, number);
    }

    @Override
    public List<RevisionInfo> history(PageName page, long before, int limit) {
      count("revision.history");
      return history.history(page, before, limit);
    }

    @Override
    public List<PageName> linksTo(PageName target, @Nullable PageName after, int limit) {
      count("page.linksTo");
      return store.linksTo(target, after, limit);
    }

    @Override
    public List<PageName> wantedPages(@Nullable PageName after, int limit) {
      count("page.wanted");
      return store.wantedPages(after, limit);
    }

    @Override
    public List<SearchHit> search(String query, int offset, int limit) {
      count("page.search");
      return store.search(query, offset, limit);
    }

    @Override
    public List<PageName> subpages(PageName parent, @Nullable PageName after, int limit) {
      count("page.subpages");
      return store.subpages(parent, after, limit);
    }

    @Override
    public Contributions contributions(String author, long before, int limit) {
      count("revision.contributions");
      return store.contributions(author, before, limit);
    }

    @Override
    public List<MovedPage> move(Move move) {
      count("page.move");
      return store.move(move);
    }

    @Override
    public boolean delete(PageName name, String by) {
      count("page.delete");
      return store.delete(name, by);
    }

    @Override
    public boolean restore(PageName name, String by) {
      count("page.restore");
      return store.restore(name, by);
    }

    @Override
    public List<DeletedPage> deletedPages(@Nullable PageName after, int limit) {
      count("page.deleted");
      return store.deletedPages(after, limit);
    }

    @Override
    public boolean setProtected(PageName name, boolean protect) {
      count("page.protect");
      return store.setProtected(name, protect);
    }

    @Override
    public boolean isProtected(PageName name) {
      count("page.isProtected");
      return store.isProtected(name);
    }

    @Override
    public boolean setBlocked(String username, boolean blocked) {
      count("user.block");
      return store.setBlocked(username, blocked);
    }

    @Override
    public boolean isBlocked(String username) {
      count("user.isBlocked");
      return store.isBlocked(username);
    }
  }

  private class Users implements UserProfiles {
    private final UserProfiles users;

    private Users(UserProfiles users) {
      this.users = users;
    }

    @Override
    public User signUp(String username, String password, String email) {
      count("user.signUp");
      return users.signUp(username, password, email);
    }

    @Override
    public Optional<User> authenticate(String username, String password) {
      count("user.authenticate");
      return users.authenticate(username, password);
    }

    @Override
    public Optional<User> findByName(String username) {
      count("user.findByName");
      return users.findByName(username);
    }

    @Override
    public Optional<User> findById(long id) {
      count("user.findById");
      return users.findById(id);
    }

    @Override
    public User updateProfile(long id, ProfileUpdate update) {
      count("user.update");
      return users.updateProfile(id, update);
    }

    @Override
    public List<User> admins() {
      count("user.admins");
      return users.admins();
    }
  }
}
