package org.wikicache.cache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.LagAware;
import org.wikicache.core.PageName;
import org.wikicache.core.Revision;
import org.wikicache.core.RevisionHistory;
import org.wikicache.core.RevisionInfo;

/**
 * A {@link RevisionHistory} that caches revisions. Made by
 * {@link CachingStores#history(RevisionHistory)}.
 *
 * <p>What it adds: a revision, once committed, never changes, so it is cached without expiry
 * and filled with a plain {@code add}: no lease, no invalidation ("use keys"). Concurrent misses
 * of one revision share one load.
 *
 * <p>What it gives up: a revision that does not exist yet is not remembered (it may be created
 * any moment), and history listings go to the store, whose keyset paging keeps them cheap.
 *
 * <p>Thread-safe.
 */
final class CachingRevisionHistory implements RevisionHistory {
  private final RevisionHistory delegate;
  private final CacheAside aside;
  private final CachingStores layer;
  private final @Nullable LagAware lagAware;

  CachingRevisionHistory(RevisionHistory delegate, CachingStores layer) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.lagAware = delegate instanceof LagAware l ? l : null;
    this.aside = layer.aside();
    this.layer = layer;
  }

  @Override
  public Optional<Revision> revision(PageName page, long number) {
    CacheKeys keys = layer.keys();
    requireNonNull(page, "page");
    if (number < 1) {
      return Optional.empty();
    }
    return aside.get(EntityKind.REVISION, keys.revision(page, number), null, Codecs.REVISION,
        () -> lagAware == null ? delegate.revision(page, number)
            : lagAware.lagSafe(() -> delegate.revision(page, number)),
        Duration.ZERO, null, true);
  }

  @Override
  public List<RevisionInfo> history(PageName page, long before, int limit) {
    // Not cached, but served in place of the cache: lag-safe too, so it keeps the contract.
    return lagAware == null ? delegate.history(page, before, limit)
        : lagAware.lagSafe(() -> delegate.history(page, before, limit));
  }
}
