package org.wikicache.cache;

import static java.util.Objects.requireNonNull;

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
 * <p>What it adds: a revision, once committed, never changes, so it is cached as long as a page
 * (the page TTL: that bounds what a relay that missed a change could leave, as the change log's
 * retention requires) and filled with a plain {@code add}: no lease, no invalidation ("use
 * keys"). Concurrent misses
 * of one revision share one load. But a page's revisions can leave its name (a move renames
 * them, a delete archives them): so each revision key holds the page's <em>revision
 * generation</em>, a random number kept at its own key, which the change log's
 * {@code REVISIONS} entries delete; a missing generation restarts at a fresh random value, so a
 * revision cached under the old name or before the delete is never found again. A read costs the
 * generation's lookup (a near cache hit when there is one) and the revision's.
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
    long generation = layer.generation(keys.revisionGeneration(page));
    if (generation < 0) {
      layer.metrics().miss(EntityKind.REVISION);
      return load(page, number);
    }
    return aside.get(EntityKind.REVISION, keys.revision(page, generation, number), null,
        Codecs.REVISION, () -> load(page, number), layer.pageTtl(), null, true);
  }

  /** A revision from the store, never older than its latest committed change (replicas). */
  private Optional<Revision> load(PageName page, long number) {
    return lagAware == null ? delegate.revision(page, number)
        : lagAware.lagSafe(() -> delegate.revision(page, number));
  }

  @Override
  public List<RevisionInfo> history(PageName page, long before, int limit) {
    // Not cached, but served in place of the cache: lag-safe too, so it keeps the contract.
    return lagAware == null ? delegate.history(page, before, limit)
        : lagAware.lagSafe(() -> delegate.history(page, before, limit));
  }
}
