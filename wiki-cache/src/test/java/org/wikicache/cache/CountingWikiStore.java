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
import org.wikicache.core.SearchHit;
import org.wikicache.core.DeletedPage;
import org.wikicache.core.Contributions;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.WikiStore;

/**
 * A store wrapper for tests: counts the reads that reach the store, can slow them down, and can
 * pause one read between loading and returning (to force the stale-set interleaving).
 */
class CountingWikiStore extends ForwardingWikiStore {
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
    super(delegate);
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
  public List<PageName> listPages(@Nullable PageName after, int limit) {
    listings.incrementAndGet();
    return super.listPages(after, limit);
  }

  @Override
  public List<RevisionInfo> recentChanges(int limit) {
    listings.incrementAndGet();
    return super.recentChanges(limit);
  }

  @Override
  public List<PageName> linksTo(PageName target, @Nullable PageName after, int limit) {
    listings.incrementAndGet();
    return super.linksTo(target, after, limit);
  }

  @Override
  public List<PageName> wantedPages(@Nullable PageName after, int limit) {
    listings.incrementAndGet();
    return super.wantedPages(after, limit);
  }

  @Override
  public List<SearchHit> search(String query, int offset, int limit) {
    listings.incrementAndGet();
    return super.search(query, offset, limit);
  }

  @Override
  public List<PageName> subpages(PageName parent, @Nullable PageName after, int limit) {
    listings.incrementAndGet();
    return super.subpages(parent, after, limit);
  }

  @Override
  public Contributions contributions(String author, long before, int limit) {
    listings.incrementAndGet();
    return super.contributions(author, before, limit);
  }

  @Override
  public List<DeletedPage> deletedPages(@Nullable PageName after, int limit) {
    listings.incrementAndGet();
    return super.deletedPages(after, limit);
  }

  @Override
  public boolean isProtected(PageName name) {
    flags.incrementAndGet();
    return super.isProtected(name);
  }

  @Override
  public boolean isBlocked(String username) {
    flags.incrementAndGet();
    return super.isBlocked(username);
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
