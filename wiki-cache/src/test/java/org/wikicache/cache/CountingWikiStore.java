package org.wikicache.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.Edit;
import org.wikicache.core.SearchHit;
import org.wikicache.core.MovedPage;
import org.wikicache.core.Move;
import org.wikicache.core.DeletedPage;
import org.wikicache.core.Contributions;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.SaveResult;
import org.wikicache.core.WikiStore;

/**
 * A store wrapper for tests: counts the reads that reach the store, can slow them down, and can
 * pause one read between loading and returning (to force the stale-set interleaving).
 */
class CountingWikiStore implements WikiStore {
  private final WikiStore delegate;
  final AtomicInteger gets = new AtomicInteger();
  final AtomicInteger getAlls = new AtomicInteger();
  final AtomicInteger listings = new AtomicInteger();
  final AtomicInteger flags = new AtomicInteger();
  private volatile Duration latency = Duration.ZERO;
  private volatile @Nullable CountDownLatch loaded;
  private volatile @Nullable CountDownLatch proceed;
  private volatile @Nullable CountDownLatch batchLoaded;
  private volatile @Nullable CountDownLatch batchProceed;

  CountingWikiStore(WikiStore delegate) {
    this.delegate = delegate;
  }

  void latency(Duration latency) {
    this.latency = latency;
  }

  /** The next get() signals {@code loaded} after reading the store, then waits for {@code go}. */
  void pauseNextGet(CountDownLatch loaded, CountDownLatch go) {
    this.proceed = go;
    this.loaded = loaded;
  }

  @Override
  public Optional<Page> get(PageName name) {
    gets.incrementAndGet();
    sleep();
    Optional<Page> page = delegate.get(name);
    CountDownLatch signal = loaded;
    if (signal != null) {
      loaded = null;
      signal.countDown();
      await(proceed);
    }
    return page;
  }

  /** The next getAll() signals {@code loaded} after reading the store, then waits for {@code go}. */
  void pauseNextGetAll(CountDownLatch loaded, CountDownLatch go) {
    this.batchProceed = go;
    this.batchLoaded = loaded;
  }

  @Override
  public Map<PageName, Page> getAll(Collection<PageName> names) {
    getAlls.incrementAndGet();
    sleep();
    Map<PageName, Page> pages = delegate.getAll(names);
    CountDownLatch signal = batchLoaded;
    if (signal != null) {
      batchLoaded = null;
      signal.countDown();
      await(batchProceed);
    }
    return pages;
  }

  @Override
  public SaveResult save(Edit edit) {
    return delegate.save(edit);
  }

  @Override
  public List<PageName> listPages(@Nullable PageName after, int limit) {
    listings.incrementAndGet();
    return delegate.listPages(after, limit);
  }

  @Override
  public List<RevisionInfo> recentChanges(int limit) {
    listings.incrementAndGet();
    return delegate.recentChanges(limit);
  }

  @Override
  public List<PageName> linksTo(PageName target, @Nullable PageName after, int limit) {
    listings.incrementAndGet();
    return delegate.linksTo(target, after, limit);
  }

  @Override
  public List<PageName> wantedPages(@Nullable PageName after, int limit) {
    listings.incrementAndGet();
    return delegate.wantedPages(after, limit);
  }

  @Override
  public List<SearchHit> search(String query, int offset, int limit) {
    listings.incrementAndGet();
    return delegate.search(query, offset, limit);
  }

  @Override
  public List<PageName> subpages(PageName parent, @Nullable PageName after, int limit) {
    listings.incrementAndGet();
    return delegate.subpages(parent, after, limit);
  }

  @Override
  public Contributions contributions(String author, long before, int limit) {
    listings.incrementAndGet();
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
    listings.incrementAndGet();
    return delegate.deletedPages(after, limit);
  }

  @Override
  public boolean setProtected(PageName name, boolean protect) {
    return delegate.setProtected(name, protect);
  }

  @Override
  public boolean isProtected(PageName name) {
    flags.incrementAndGet();
    return delegate.isProtected(name);
  }

  @Override
  public boolean setBlocked(String username, boolean blocked) {
    return delegate.setBlocked(username, blocked);
  }

  @Override
  public boolean isBlocked(String username) {
    flags.incrementAndGet();
    return delegate.isBlocked(username);
  }

  private void sleep() {
    long nanos = latency.toNanos();
    if (nanos > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(nanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void await(@Nullable CountDownLatch latch) {
    try {
      if (latch != null && !latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("test never released the paused read");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
