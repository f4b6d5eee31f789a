package org.wikicache.cache;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.SaveResult;
import org.wikicache.core.Edit;
import org.wikicache.core.WikiStore;

/**
 * A {@link WikiStore} that serves page views from a memcache cache. Made by
 * {@link CachingStores#store(WikiStore)}.
 *
 * <p>What it adds: {@link #get} costs one cache read on a hit and no store query; a miss loads
 * once and fills through a lease, so a reader that loaded an old revision can never overwrite the
 * invalidation of a newer one. Missing pages are remembered briefly. {@link #getAll} costs one
 * {@code getMulti}, one store query for the misses and one {@code setMulti}, then re-reads the
 * pages' write counters so a fill that raced an edit is deleted. The first page of the page index
 * and recent changes are cached per generation of a counter that every edit bumps.
 *
 * <p>What it gives up: nothing in consistency — {@link #save} commits to the store, then
 * invalidates, before it returns, so whoever saw it return reads that revision or a newer one.
 * Cache faults cost latency only (see {@link CachingStores}). Listings beyond the first page go
 * to the store.
 *
 * <p>Thread-safe.
 */
public final class CachingWikiStore implements WikiStore {
  private final WikiStore delegate;
  private final CachingStores layer;
  private final CacheAside aside;

  CachingWikiStore(WikiStore delegate, CachingStores layer) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.layer = layer;
    this.aside = layer.aside();
  }

  /** The store behind this cache. */
  public WikiStore delegate() {
    return delegate;
  }

  @Override
  public Optional<Page> get(PageName name) {
    requireNonNull(name, "name");
    return aside.get(EntityKind.PAGE, CacheKeys.page(name), Codecs.PAGE,
        () -> delegate.get(name), layer.pageTtl(), layer.missingPageTtl(), false);
  }

  @Override
  public Map<PageName, Page> getAll(Collection<PageName> names) {
    List<PageName> unique = List.copyOf(new LinkedHashSet<>(names));
    if (unique.size() > MAX_LIMIT) {
      throw new IllegalArgumentException("at most " + MAX_LIMIT + " names per call, got "
          + unique.size());
    }
    CacheGuard guard = aside.guard();
    if (unique.isEmpty()) {
      return Map.of();
    }
    if (!guard.readable()) {
      layer.metrics().misses(EntityKind.PAGE, unique.size());
      layer.metrics().load(EntityKind.PAGE);
      return delegate.getAll(unique);
    }
    List<String> keys = new ArrayList<>(unique.size() * 2);
    for (PageName name : unique) {
      keys.add(CacheKeys.page(name));
      keys.add(CacheKeys.pageWrites(name));
    }
    Map<String, byte[]> cached = guard.getMulti(EntityKind.PAGE, keys);
    if (cached == null) {  // the cache failed: serve the store, fill nothing
      layer.metrics().misses(EntityKind.PAGE, unique.size());
      layer.metrics().load(EntityKind.PAGE);
      return delegate.getAll(unique);
    }

    Map<PageName, Page> found = new LinkedHashMap<>();
    List<PageName> missing = new ArrayList<>();
    for (PageName name : unique) {
      String key = CacheKeys.page(name);
      byte[] bytes = cached.get(key);
      Optional<Page> page = bytes == null ? null
          : aside.decodeValue(EntityKind.PAGE, key, bytes, Codecs.PAGE);
      if (page == null) {
        missing.add(name);
      } else {
        page.ifPresent(p -> found.put(name, p));
      }
    }
    layer.metrics().hits(EntityKind.PAGE, unique.size() - missing.size());
    if (missing.isEmpty()) {
      return found;
    }
    layer.metrics().misses(EntityKind.PAGE, missing.size());
    layer.metrics().load(EntityKind.PAGE);
    Map<PageName, Page> loaded = delegate.getAll(missing);
    found.putAll(loaded);
    fillBatch(missing, loaded, cached);
    return found;
  }

  /**
   * Stores freshly loaded pages with one {@code setMulti} (and "no such page" markers with
   * another, if some were missing), then deletes any whose write counter
   * moved since it was read before the load: a blind {@code set} may have overwritten a newer
   * revision, and the counter shows it. (A writer bumps the counter before it deletes the page.)
   */
  private void fillBatch(List<PageName> asked, Map<PageName, Page> loaded,
      Map<String, byte[]> before) {
    CacheGuard guard = aside.guard();
    Map<String, byte[]> values = new HashMap<>();
    Map<String, byte[]> absent = new HashMap<>();
    List<String> counters = new ArrayList<>();
    for (PageName name : asked) {
      Page page = loaded.get(name);
      if (page == null) {
        absent.put(CacheKeys.page(name), CacheAside.encode(Optional.empty(), Codecs.PAGE));
      } else {
        values.put(CacheKeys.page(name), CacheAside.encodeValue(page, Codecs.PAGE));
      }
      counters.add(CacheKeys.pageWrites(name));
    }
    if (!values.isEmpty()) {
      guard.setMulti(EntityKind.PAGE, values, layer.pageTtl());
    }
    if (!absent.isEmpty()) {  // remembered briefly, like a single missing page
      guard.setMulti(EntityKind.PAGE, absent, layer.missingPageTtl());
    }
    Map<String, byte[]> after = guard.getMulti(EntityKind.PAGE, counters);
    List<String> raced = new ArrayList<>();
    for (PageName name : asked) {
      String counter = CacheKeys.pageWrites(name);
      if (after == null
          || !Objects.equals(asText(before.get(counter)), asText(after.get(counter)))) {
        raced.add(CacheKeys.page(name));
        if (after != null) {
          layer.metrics().staleFillPrevented(EntityKind.PAGE);
        }
      }
    }
    guard.invalidate(EntityKind.PAGE, raced);
  }

  private static @Nullable String asText(byte @Nullable [] bytes) {
    return bytes == null ? null : new String(bytes, US_ASCII);
  }

  @Override
  public SaveResult save(Edit edit) {
    SaveResult result = delegate.save(edit);
    if (result.created()) {
      layer.afterPageWrite(edit.page());
    }
    return result;
  }

  @Override
  public List<PageName> listPages(@Nullable PageName after, int limit) {
    WikiStore.checkLimit(limit);
    if (after != null) {
      return delegate.listPages(after, limit);
    }
    return layer.landing("index", Integer.toString(limit), Codecs.PAGE_NAMES,
        () -> delegate.listPages(null, limit));
  }

  @Override
  public List<RevisionInfo> recentChanges(int limit) {
    WikiStore.checkLimit(limit);
    return layer.landing("recent", Integer.toString(limit), Codecs.REVISION_INFOS,
        () -> delegate.recentChanges(limit));
  }
}
