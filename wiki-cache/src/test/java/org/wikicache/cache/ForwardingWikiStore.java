package org.wikicache.cache;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.Contributions;
import org.wikicache.core.DeletedPage;
import org.wikicache.core.Edit;
import org.wikicache.core.Move;
import org.wikicache.core.MovedPage;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.SaveResult;
import org.wikicache.core.SearchHit;
import org.wikicache.core.WikiStore;

/** A store that forwards every call, for test wrappers that change only a few of them. */
abstract class ForwardingWikiStore implements WikiStore {
  private final WikiStore delegate;

  ForwardingWikiStore(WikiStore delegate) {
    this.delegate = delegate;
  }

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
    return delegate.save(edit);
  }

  @Override
  public List<PageName> listPages(@Nullable PageName after, int limit) {
    return delegate.listPages(after, limit);
  }

  @Override
  public List<RevisionInfo> recentChanges(int limit) {
    return delegate.recentChanges(limit);
  }

  @Override
  public List<PageName> linksTo(PageName target, @Nullable PageName after, int limit) {
    return delegate.linksTo(target, after, limit);
  }

  @Override
  public List<PageName> wantedPages(@Nullable PageName after, int limit) {
    return delegate.wantedPages(after, limit);
  }

  @Override
  public List<SearchHit> search(String query, int offset, int limit) {
    return delegate.search(query, offset, limit);
  }

  @Override
  public List<PageName> subpages(PageName parent, @Nullable PageName after, int limit) {
    return delegate.subpages(parent, after, limit);
  }

  @Override
  public Contributions contributions(String author, long before, int limit) {
    return delegate.contributions(author, before, limit);
  }

  @Override
  public List<MovedPage> move(Move move) {
    return delegate.move(move);
  }

  @Override
  public boolean delete(PageName name, String by) {
    return delegate.delete(name, by);
  }

  @Override
  public boolean restore(PageName name, String by) {
    return delegate.restore(name, by);
  }

  @Override
  public List<DeletedPage> deletedPages(@Nullable PageName after, int limit) {
    return delegate.deletedPages(after, limit);
  }

  @Override
  public boolean setProtected(PageName name, boolean protect) {
    return delegate.setProtected(name, protect);
  }

  @Override
  public boolean isProtected(PageName name) {
    return delegate.isProtected(name);
  }

  @Override
  public boolean setBlocked(String username, boolean blocked) {
    return delegate.setBlocked(username, blocked);
  }

  @Override
  public boolean isBlocked(String username) {
    return delegate.isBlocked(username);
  }
}
