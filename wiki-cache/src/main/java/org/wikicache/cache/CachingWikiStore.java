package org.wikicache.cache;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.ChangeLog.Change;
import org.wikicache.core.Contributions;
import org.wikicache.core.DeletedPage;
import org.wikicache.core.Edit;
import org.wikicache.core.EditConflictException;
import org.wikicache.core.LagAware;
import org.wikicache.core.Move;
import org.wikicache.core.MoveConflictException;
import org.wikicache.core.MovedPage;
import org.wikicache.core.SearchHit;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.SaveResult;
import org.wikicache.core.WikiStore;
import org.wikicache.core.internal.SearchText;
import org.wikicache.core.internal.StoreChecks;

/**
 * A {@link WikiStore} that serves pages from a memcache cache. Made by
 * {@link CachingStores#store(WikiStore)}.
 *
 * <p>What it adds: {@link #get} costs one cache read on a hit and no store query; a miss loads
 * once and fills through a lease, so a reader that loaded an old revision can never overwrite the
 * invalidation of a newer one. Missing pages are remembered briefly. {@link #getAll} costs one
 * {@code getMulti} (of the pages and their write tokens), one store query for the misses and one
 * {@code setMulti} of entries that check themselves against those tokens, so a fill that raced an
 * edit is never served. The first page of the page index and recent changes are cached per
 * landing generation.
 *
 * <p>What it gives up: nothing in consistency (see {@link CachingStores} for the contract).
 * Listings beyond the first page go to the store.
 *
 * <p>Thread-safe.
 */
final class CachingWikiStore implements WikiStore {
  private final WikiStore delegate;
  private final CachingStores layer;
  private final CacheAside aside;
  private final boolean logged;
  private final @Nullable LagAware lagAware;

  /** @param logged true if {@code delegate} records its writes in a change log of its own */
  CachingWikiStore(WikiStore delegate, CachingStores layer, boolean logged) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.layer = layer;
    this.aside = layer.aside();
    this.logged = logged;
    this.lagAware = delegate instanceof LagAware l ? l : null;
  }

  /**
   * Runs a load of the delegate whose result may be cached (or served in place of the cache):
   * lag-safe when the delegate reads replicas, so a lagging replica's value is never kept.
   */
  private <T> T load(Supplier<T> read) {
    return lagAware == null ? read.get() : lagAware.lagSafe(read);
  }

  CachingStores layer() {
    return layer;
  }

  @Override
  public Optional<Page> get(PageName name) {
    CacheKeys keys = layer.keys();
    requireNonNull(name, "name");
    return aside.get(EntityKind.PAGE, keys.page(name), keys.writeToken(name), Codecs.PAGE,
        () -> load(() -> delegate.get(name)), layer.pageTtl(), layer.missingPageTtl(), false);
  }

  @Override
  public Map<PageName, Page> getAll(Collection<PageName> names) {
    CacheKeys keys = layer.keys();
    if (names.size() > MAX_LIMIT) {  // counted as the stores count them: repeats included
      throw new IllegalArgumentException("at most " + MAX_LIMIT + " names per call, got "
          + names.size());
    }
    List<PageName> unique = List.copyOf(new LinkedHashSet<>(names));
    CacheGuard guard = aside.guard();
    if (unique.isEmpty()) {
      return Map.of();
    }
    Map<String, byte[]> cached = guard.readable() ? guard.getMulti(EntityKind.PAGE,
        keysOf(keys, unique)) : null;
    if (cached == null) {  // bypassed or failed: serve the store, fill nothing
      layer.metrics().misses(EntityKind.PAGE, unique.size());
      layer.metrics().load(EntityKind.PAGE);
      return load(() -> delegate.getAll(unique));
    }

    Map<PageName, Page> found = new LinkedHashMap<>();
    List<PageName> missing = new ArrayList<>();
    List<PageName> large = new ArrayList<>();
    for (PageName name : unique) {
      String key = keys.page(name);
      byte[] bytes = cached.get(key);
      String token = keys.writeToken(name);
      CacheAside.Lookup<Page> page = bytes == null ? CacheAside.Lookup.miss()
          : aside.decode(EntityKind.PAGE, key, bytes, Codecs.PAGE, () -> cached.get(token));
      if (page.isHit()) {
        page.optional().ifPresent(p -> found.put(name, p));
      } else if (page.state() == CacheAside.State.TOO_LARGE) {
        large.add(name);
      } else {
        missing.add(name);
      }
    }
    layer.metrics().hits(EntityKind.PAGE, unique.size() - missing.size() - large.size());
    if (missing.isEmpty() && large.isEmpty()) {
      return found;
    }
    List<PageName> toLoad = new ArrayList<>(missing);
    toLoad.addAll(large);
    layer.metrics().misses(EntityKind.PAGE, toLoad.size());
    layer.metrics().load(EntityKind.PAGE);
    Map<String, byte[]> tokens = tokensFor(keys, missing, cached);
    Map<PageName, Page> loaded = load(() -> delegate.getAll(toLoad));
    Map<PageName, Page> ordered = new LinkedHashMap<>();
    for (PageName name : unique) {
      Page page = found.containsKey(name) ? found.get(name) : loaded.get(name);
      if (page != null) {
        ordered.put(name, page);
      }
    }
    fillBatch(keys, missing, loaded, tokens);
    return ordered;
  }

  private static List<String> keysOf(CacheKeys keys, List<PageName> names) {
    List<String> all = new ArrayList<>(names.size() * 2);
    for (PageName name : names) {
      all.add(keys.page(name));
      all.add(keys.writeToken(name));
    }
    return all;
  }

  /**
   * The write token of each name, as read before the store is: the one in the cache, or a fresh
   * random one stored now (one {@code setMulti}) where there was none. Names whose token could not
   * be stored get none, and are not filled.
   */
  private Map<String, byte[]> tokensFor(CacheKeys keys, List<PageName> names,
      Map<String, byte[]> cached) {
    Map<String, byte[]> tokens = new HashMap<>();
    Map<String, byte[]> fresh = new HashMap<>();
    for (PageName name : names) {
      String key = keys.writeToken(name);
      byte[] token = cached.get(key);
      if (token == null || token.length == 0 || token.length > 255) {
        fresh.put(key, CacheAside.newWriteToken());
      } else {
        tokens.put(key, token);
      }
    }
    if (!fresh.isEmpty() && aside.guard().setMulti(EntityKind.PAGE, fresh, layer.pageTtl())) {
      tokens.putAll(fresh);
    }
    return tokens;
  }

  /**
   * Stores freshly loaded pages (and "no such page" markers) with one {@code setMulti}, each as a
   * checked entry carrying the write token read (or set) before the load: a blind {@code set} may
   * land after a newer revision's invalidation, and the token, which that write deleted before it
   * returned, tells every later reader not to use it.
   */
  private void fillBatch(CacheKeys keys, List<PageName> asked, Map<PageName, Page> loaded,
      Map<String, byte[]> tokens) {
    Map<String, byte[]> values = new HashMap<>();
    for (PageName name : asked) {
      byte[] token = tokens.get(keys.writeToken(name));
      if (token == null) {
        continue;
      }
      byte[] envelope = aside.encode(Optional.ofNullable(loaded.get(name)), Codecs.PAGE);
      values.put(keys.page(name), CacheAside.checked(token, envelope));
    }
    if (!values.isEmpty()) {
      aside.guard().setMulti(EntityKind.PAGE, values, layer.pageTtl());
    }
  }

  @Override
  public SaveResult save(Edit edit) {
    requireNonNull(edit, "edit");
    SaveResult result;
    try {
      result = delegate.save(edit);
    } catch (EditConflictException | IllegalArgumentException nothingSaved) {
      throw nothingSaved;
    } catch (RuntimeException mayHaveCommitted) {
      if (!logged) {
        layer.changedWithoutLog(List.of(Change.page(edit.page())));
      }
      throw mayHaveCommitted;
    }
    if (result.created() && !logged) {
      layer.changedWithoutLog(List.of(Change.page(edit.page())));
    }
    return result;
  }

  @Override
  public List<PageName> listPages(@Nullable PageName after, int limit) {
    StoreChecks.checkLimit(limit);
    if (after == null) {  // the key the first page always had
      return layer.landing("index", Integer.toString(limit), Codecs.PAGE_NAMES,
          () -> load(() -> delegate.listPages(null, limit)));
    }
    return layer.landing("index", params(limit, after.value()), Codecs.PAGE_NAMES,
        () -> load(() -> delegate.listPages(after, limit)));
  }

  @Override
  public List<RevisionInfo> recentChanges(int limit) {
    StoreChecks.checkLimit(limit);
    return layer.landing("recent", Integer.toString(limit), Codecs.REVISION_INFOS,
        () -> load(() -> delegate.recentChanges(limit)));
  }

  /**
   * The parameters of a landing key: each part length-prefixed, so that no two lists of parts
   * make one key (names may hold any separator).
   */
  static String params(Object... parts) {
    StringBuilder out = new StringBuilder();
    for (Object part : parts) {
      String s = part.toString();
      out.append(s.length()).append(':').append(s).append(';');
    }
    return out.toString();
  }

  @Override
  public List<PageName> linksTo(PageName target, @Nullable PageName after, int limit) {
    requireNonNull(target, "target");
    StoreChecks.checkLimit(limit);
    return layer.landing("links", params(limit, after == null ? "" : after.value(),
        target.value()), Codecs.PAGE_NAMES,
        () -> load(() -> delegate.linksTo(target, after, limit)));
  }

  @Override
  public List<PageName> wantedPages(@Nullable PageName after, int limit) {
    StoreChecks.checkLimit(limit);
    return layer.landing("wanted", params(limit, after == null ? "" : after.value()),
        Codecs.PAGE_NAMES, () -> load(() -> delegate.wantedPages(after, limit)));
  }

  @Override
  public List<SearchHit> search(String query, int offset, int limit) {
    SearchText.check(query, offset, limit);
    List<String> terms = SearchText.terms(query);
    if (terms.isEmpty()) {
      return List.of();  // what every store answers, without asking
    }
    // keyed by the words that count: "Tomato" and "tomato!" share one entry
    return layer.landing("search", params(offset, limit, String.join(" ", terms)),
        Codecs.SEARCH_HITS,
        () -> load(() -> delegate.search(String.join(" ", terms), offset, limit)));
  }

  @Override
  public List<PageName> subpages(PageName parent, @Nullable PageName after, int limit) {
    requireNonNull(parent, "parent");
    StoreChecks.checkLimit(limit);
    return layer.landing("subpages", params(limit, after == null ? "" : after.value(),
        parent.value()), Codecs.PAGE_NAMES,
        () -> load(() -> delegate.subpages(parent, after, limit)));
  }

  @Override
  public Contributions contributions(String author, long before, int limit) {
    requireNonNull(author, "author");
    StoreChecks.checkLimit(limit);
    if (before < 1 || !StoreChecks.couldBeActor(author)) {
      // the store explains the refusal, or finds nothing: no key for a name no author can have
      return delegate.contributions(author, before, limit);
    }
    return layer.landing("contribs", params(limit, before, author), Codecs.CONTRIBUTIONS,
        () -> load(() -> delegate.contributions(author, before, limit)));
  }

  @Override
  public List<DeletedPage> deletedPages(@Nullable PageName after, int limit) {
    return delegate.deletedPages(after, limit);
  }

  @Override
  public boolean isProtected(PageName name) {
    requireNonNull(name, "name");
    CacheKeys keys = layer.keys();
    return aside.get(EntityKind.PAGE, keys.protection(name), null, Codecs.FLAG,
        () -> load(() -> Optional.of(delegate.isProtected(name))), layer.pageTtl(), null,
        false)
        .orElse(false);
  }

  @Override
  public boolean isBlocked(String username) {
    requireNonNull(username, "username");
    if (username.isBlank() || username.length() > 255) {
      return delegate.isBlocked(username);
    }
    CacheKeys keys = layer.keys();
    return aside.get(EntityKind.USER, keys.block(username), null, Codecs.FLAG,
        () -> load(() -> Optional.of(delegate.isBlocked(username))), layer.userTtl(), null,
        false)
        .orElse(false);
  }

  @Override
  public List<MovedPage> move(Move move) {
    requireNonNull(move, "move");
    List<MovedPage> moved = writing(() -> delegate.move(move),
        () -> movedChanges(move.from(), move.to()));
    if (!logged) {
      List<Change> changes = new ArrayList<>();
      for (MovedPage m : moved) {
        changes.addAll(movedChanges(m.from(), m.to()));
      }
      layer.changedWithoutLog(changes);
    }
    return moved;
  }

  /** What moving one page makes obsolete (a store that logs itself records the same). */
  static List<Change> movedChanges(PageName from, PageName to) {
    return List.of(Change.page(from), Change.page(to), Change.revisions(from),
        Change.revisions(to), Change.protection(from), Change.protection(to));
  }

  @Override
  public boolean delete(PageName name, String by) {
    requireNonNull(name, "name");
    return archiving(name, () -> delegate.delete(name, by));
  }

  @Override
  public boolean restore(PageName name, String by) {
    requireNonNull(name, "name");
    return archiving(name, () -> delegate.restore(name, by));
  }

  private boolean archiving(PageName name, java.util.function.BooleanSupplier write) {
    List<Change> changes = List.of(Change.page(name), Change.revisions(name),
        Change.protection(name));
    boolean changed = writing(write::getAsBoolean, () -> changes);
    if (changed && !logged) {
      layer.changedWithoutLog(changes);
    }
    return changed;
  }

  @Override
  public boolean setProtected(PageName name, boolean protect) {
    requireNonNull(name, "name");
    List<Change> changes = List.of(Change.protection(name));
    boolean changed = writing(() -> delegate.setProtected(name, protect), () -> changes);
    if (changed && !logged) {
      layer.changedWithoutLog(changes);
    }
    return changed;
  }

  @Override
  public boolean setBlocked(String username, boolean blocked) {
    List<Change> changes = List.of(Change.block(StoreChecks.usernameKey(username)));
    boolean changed = writing(() -> delegate.setBlocked(username, blocked), () -> changes);
    if (changed && !logged) {
      layer.changedWithoutLog(changes);
    }
    return changed;
  }

  /**
   * Runs a write of the delegate; if it fails in a way that may have committed (anything but a
   * refusal), records {@code changes} for a store without a log of its own before rethrowing.
   */
  private <T> T writing(Supplier<T> write,
      Supplier<List<Change>> changes) {
    try {
      return write.get();
    } catch (EditConflictException | MoveConflictException | IllegalArgumentException refused) {
      throw refused;
    } catch (RuntimeException mayHaveCommitted) {
      if (!logged) {
        layer.changedWithoutLog(changes.get());
      }
      throw mayHaveCommitted;
    }
  }
}
