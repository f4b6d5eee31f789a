package org.wikicache.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wikicache.core.AccountPolicy;
import org.wikicache.core.ChangeLog.Change;
import org.wikicache.core.ChangeLog.Entry;
import org.wikicache.core.Edit;
import org.wikicache.core.SearchHit;
import org.wikicache.core.MovedPage;
import org.wikicache.core.Move;
import org.wikicache.core.DeletedPage;
import org.wikicache.core.Contributions;
import org.wikicache.core.InMemoryChangeLog;
import org.wikicache.core.InMemoryUserProfiles;
import org.wikicache.core.InMemoryWikiStore;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.PasswordHasher;
import org.wikicache.core.ProfileUpdate;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.SaveResult;
import org.wikicache.core.User;
import org.wikicache.core.UserProfiles;
import org.wikicache.core.WikiStore;

/**
 * The change log contract on {@link InMemoryChangeLog}, written to by in-memory stores the way a
 * caching layer writes to its own log for stores that keep none.
 */
class InMemoryChangeLogTest extends ChangeLogContract {
  @Override
  protected Fixture createFixture() {
    InMemoryChangeLog log = InMemoryChangeLog.create();
    return new Fixture(log, new LoggedStore(InMemoryWikiStore.create(), log),
        new LoggedUsers(new InMemoryUserProfiles(AccountPolicy.DEFAULT, new PasswordHasher(1000),
            Clock.systemUTC()), log));
  }

  @Test
  void aRepeatedChangeKeepsOnlyItsNewestEntry() {
    InMemoryChangeLog compacting = (InMemoryChangeLog) log;
    Change a = Change.page(PageName.of("A"));
    Change b = Change.page(PageName.of("B"));
    compacting.append(List.of(a));
    compacting.append(List.of(b));
    Entry newest = compacting.append(List.of(a)).get(0);

    assertThat(log.read(0, 10)).extracting(Entry::change).containsExactly(b, a);
    assertThat(log.read(0, 10).get(1)).isEqualTo(newest);
    assertThat(log.head()).isEqualTo(newest.position());
  }

  private record LoggedStore(InMemoryWikiStore delegate, InMemoryChangeLog log)
      implements WikiStore {
    @Override
    public Optional<Page> get(PageName name) {
      return delegate.get(name);
    }

    @Override
    public Map<PageName, Page> getAll(Collection<PageName> names) {
      return delegate.getAll(names);
    }

    @Override
    public SaveResult save(Edit edit) {
      SaveResult result = delegate.save(edit);
      if (result.created()) {
        log.append(List.of(Change.page(edit.page())));
      }
      return result;
    }

    @Override
    public List<PageName> listPages(PageName after, int limit) {
      return delegate.listPages(after, limit);
    }

    @Override
    public List<RevisionInfo> recentChanges(int limit) {
      return delegate.recentChanges(limit);
    }

    @Override
    public List<PageName> linksTo(PageName target, PageName after, int limit) {
      return delegate.linksTo(target, after, limit);  // reads and writes this test does not log
    }

    @Override
    public List<PageName> wantedPages(PageName after, int limit) {
      return delegate.wantedPages(after, limit);  // reads and writes this test does not log
    }

    @Override
    public List<SearchHit> search(String query, int offset, int limit) {
      return delegate.search(query, offset, limit);  // reads and writes this test does not log
    }

    @Override
    public List<PageName> subpages(PageName parent, PageName after, int limit) {
      return delegate.subpages(parent, after, limit);  // reads and writes this test does not log
    }

    @Override
    public Contributions contributions(String author, long before, int limit) {
      return delegate.contributions(author, before, limit);  // reads and writes this test does not log
    }

    @Override
    public List<MovedPage> move(Move move) {
      return delegate.move(move);  // reads and writes this test does not log
    }

    @Override
    public boolean delete(PageName name, String by) {
      return delegate.delete(name, by);  // reads and writes this test does not log
    }

    @Override
    public boolean restore(PageName name, String by) {
      return delegate.restore(name, by);  // reads and writes this test does not log
    }

    @Override
    public List<DeletedPage> deletedPages(PageName after, int limit) {
      return delegate.deletedPages(after, limit);  // reads and writes this test does not log
    }

    @Override
    public boolean setProtected(PageName name, boolean protect) {
      return delegate.setProtected(name, protect);  // reads and writes this test does not log
    }

    @Override
    public boolean isProtected(PageName name) {
      return delegate.isProtected(name);  // reads and writes this test does not log
    }

    @Override
    public boolean setBlocked(String username, boolean blocked) {
      return delegate.setBlocked(username, blocked);  // reads and writes this test does not log
    }

    @Override
    public boolean isBlocked(String username) {
      return delegate.isBlocked(username);  // reads and writes this test does not log
    }
  }

  private record LoggedUsers(UserProfiles delegate, InMemoryChangeLog log)
      implements UserProfiles {
    @Override
    public User signUp(String username, String password, String email) {
      User user = delegate.signUp(username, password, email);
      log.append(List.of(Change.user(user.id()), Change.username(username)));
      return user;
    }

    @Override
    public Optional<User> authenticate(String username, String password) {
      return delegate.authenticate(username, password);
    }

    @Override
    public Optional<User> findByName(String username) {
      return delegate.findByName(username);
    }

    @Override
    public Optional<User> findById(long id) {
      return delegate.findById(id);
    }

    @Override
    public User updateProfile(long id, ProfileUpdate update) {
      User user = delegate.updateProfile(id, update);
      log.append(List.of(Change.user(id), Change.username(user.username())));
      return user;
    }

    @Override
    public List<User> admins() {
      return delegate.admins();
    }
  }
}
