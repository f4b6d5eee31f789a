package org.wikicache.cache;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.User;
import org.wikicache.core.WikiStore;
import org.wikicache.core.internal.StoreChecks;

/**
 * Everything a page view shows — the page, its author's profile, the recent-changes list, the
 * rendered HTML and whether the page is protected — fetched from memcache in one {@code getMulti} round trip when all of it is
 * cached. Made by {@link CachingStores#pageViews}.
 *
 * <p>Some keys depend on values (the HTML on the revision number, the profile on the author, the
 * recent-changes list on the landing generation), so the view remembers, per page, what it saw
 * last time and asks for those keys together with the page and the generation. When a guess was
 * wrong (the page was edited meanwhile), the missing parts are read through the usual decorators:
 * a few more round trips, never a wrong answer — every part comes from a key that is invalidated
 * or versioned exactly as in the decorators.
 *
 * <pre>{@code
 * PageViews views = caching.pageViews(store, users, markdown::render, 10);
 * views.view(PageName.of("Main")).ifPresent(v -> show(v.page(), v.html(), v.recent()));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class PageViews {
  /**
   * One page view.
   *
   * @param page the latest revision of the page
   * @param author the author's profile, if the author still exists
   * @param recent the newest changes across the wiki
   * @param html the page's content rendered by the view's renderer
   * @param protectedPage whether only admins may edit the page ({@link WikiStore#isProtected})
   */
  public record PageView(Page page, Optional<User> author, List<RevisionInfo> recent,
      String html, boolean protectedPage) {
    /** A view of a page that is not protected (the form before protection existed). */
    public PageView(Page page, Optional<User> author, List<RevisionInfo> recent, String html) {
      this(page, author, recent, html, false);
    }
  }

  private record Guess(long revision, String author, long generation) {}

  private final CachingStores layer;
  private final CachingWikiStore store;
  private final CachingUserProfiles users;
  private final Function<String, String> renderer;
  private final int recentLimit;
  private final String recentParameters;
  private final Cache<PageName, Guess> guesses =
      Caffeine.newBuilder().maximumSize(100_000).build();

  PageViews(CachingStores layer, CachingWikiStore store, CachingUserProfiles users,
      Function<String, String> renderer, int recentLimit) {
    this.layer = layer;
    this.store = requireNonNull(store, "store");
    this.users = requireNonNull(users, "users");
    this.renderer = requireNonNull(renderer, "renderer");
    this.recentLimit = StoreChecks.checkLimit(recentLimit);
    this.recentParameters = Integer.toString(recentLimit);
  }

  /** The view of {@code name}, or empty if there is no such page. */
  public Optional<PageView> view(PageName name) {
    PageView local = fromNearCache(name);
    if (local != null) {
      return Optional.of(local);
    }
    CacheAside aside = layer.aside();
    CacheGuard guard = aside.guard();
    CacheKeys keys = layer.keys();
    Guess guess = guesses.getIfPresent(name);
    String pageKey = keys.page(name);
    String tokenKey = keys.writeToken(name);
    String genKey = keys.landingGeneration();
    String protKey = keys.protection(name);
    List<String> wanted = new ArrayList<>(List.of(pageKey, tokenKey, genKey, protKey));
    String htmlKey = null;
    String authorKey = null;
    String recentKey = null;
    if (guess != null) {
      htmlKey = keys.derived("html", name, guess.revision());
      authorKey = keys.userByName(guess.author());
      recentKey = keys.landing("recent", guess.generation(), recentParameters);
      wanted.addAll(List.of(htmlKey, authorKey, recentKey));
    }
    Map<String, Long> epochs = new HashMap<>();  // for the near cache: read before the values
    for (String key : wanted) {
      epochs.put(key, aside.nearEpoch(key));
    }
    Map<String, byte[]> fetched = guard.readable() ? guard.getMulti(EntityKind.PAGE, wanted) : null;
    Map<String, byte[]> cached = fetched == null ? Map.of() : fetched;

    byte[] pageBytes = cached.get(pageKey);
    CacheAside.Lookup<Page> pageLookup = pageBytes == null ? CacheAside.Lookup.miss()
        : aside.decode(EntityKind.PAGE, pageKey, pageBytes, Codecs.PAGE,
            () -> cached.get(tokenKey));
    Optional<Page> page;
    if (pageLookup.isHit()) {
      layer.metrics().hit(EntityKind.PAGE);
      page = pageLookup.optional();
      aside.remember(pageKey, page, epochs.get(pageKey));
    } else {
      page = store.get(name);
    }
    if (page.isEmpty()) {
      return Optional.empty();
    }
    Page p = page.get();
    long generation = CachingStores.parseGeneration(cached.get(genKey));
    if (generation >= 0) {
      aside.remember(genKey, Optional.of(generation), epochs.get(genKey));
    }

    String html = null;
    if (guess != null && guess.revision() == p.revision()) {
      html = decoded(EntityKind.DERIVED, htmlKey, cached, Codecs.STRING, epochs).orElse(null);
    }
    if (html == null) {
      html = layer.readThrough().derived("html", name, p.revision(), Codecs.STRING,
          () -> renderer.apply(p.content()));
    }

    Optional<User> author = null;
    if (guess != null && guess.author().equals(p.author())) {
      CacheAside.Lookup<User> found = lookup(EntityKind.USER, authorKey, cached, Codecs.USER);
      if (found.isHit()) {
        layer.metrics().hit(EntityKind.USER);
        author = found.optional();
        aside.remember(authorKey, author, epochs.get(authorKey));
      }
    }
    if (author == null) {
      author = users.findByName(p.author());
    }

    List<RevisionInfo> recent = null;
    if (guess != null && generation >= 0 && guess.generation() == generation) {
      recent = decoded(EntityKind.LANDING, recentKey, cached, Codecs.REVISION_INFOS, epochs)
          .orElse(null);
    }
    if (recent == null) {
      recent = store.recentChanges(recentLimit);
      generation = layer.currentGeneration();
    }

    CacheAside.Lookup<Boolean> prot = lookup(EntityKind.PAGE, protKey, cached, Codecs.FLAG);
    boolean protectedPage;
    if (prot.state() == CacheAside.State.PRESENT) {
      layer.metrics().hit(EntityKind.PAGE);
      aside.remember(protKey, prot.optional(), epochs.get(protKey));
      protectedPage = prot.optional().orElse(false);
    } else {
      protectedPage = store.isProtected(name);
    }

    guesses.put(name, new Guess(p.revision(), p.author(), generation));
    return Optional.of(new PageView(p, author, recent, html, protectedPage));
  }

  /**
   * The whole view from the near cache, when it holds every part (as it does for a page viewed
   * before, until a change reaches one of them): no memcache call, no decoding. Null otherwise.
   */
  private @Nullable PageView fromNearCache(PageName name) {
    NearCache near = layer.near();
    if (near == null || !layer.aside().guard().readable()) {
      return null;
    }
    CacheKeys keys = layer.keys();
    Optional<Page> page = near.get(keys.page(name));
    Optional<Long> generation = near.get(keys.landingGeneration());
    if (page == null || page.isEmpty() || generation == null || generation.isEmpty()) {
      return null;
    }
    Page p = page.get();
    Optional<String> html = near.get(keys.derived("html", name, p.revision()));
    Optional<User> author = near.get(keys.userByName(p.author()));
    Optional<List<RevisionInfo>> recent =
        near.get(keys.landing("recent", generation.get(), recentParameters));
    Optional<Boolean> prot = near.get(keys.protection(name));
    if (html == null || html.isEmpty() || author == null || recent == null || recent.isEmpty()
        || prot == null || prot.isEmpty()) {
      return null;
    }
    Metrics metrics = layer.metrics();
    metrics.hit(EntityKind.PAGE);
    metrics.hit(EntityKind.DERIVED);
    metrics.hit(EntityKind.USER);
    metrics.hit(EntityKind.LANDING);
    return new PageView(p, author, recent.get(), html.get(), prot.get());
  }

  /**
   * A present value of {@code key} among the fetched ones (counted as a hit, and kept in the near
   * cache under the epoch read before the fetch), or empty.
   */
  private <T> Optional<T> decoded(EntityKind kind, @Nullable String key,
      Map<String, byte[]> cached, Codec<T> codec, Map<String, Long> epochs) {
    CacheAside.Lookup<T> found = lookup(kind, key, cached, codec);
    if (found.state() == CacheAside.State.PRESENT) {
      layer.metrics().hit(kind);
      layer.aside().remember(key, found.optional(), epochs.get(key));
      return found.optional();
    }
    return Optional.empty();
  }

  private <T> CacheAside.Lookup<T> lookup(EntityKind kind, @Nullable String key,
      Map<String, byte[]> cached, Codec<T> codec) {
    byte[] bytes = key == null ? null : cached.get(key);
    return bytes == null ? CacheAside.Lookup.miss()
        : layer.aside().decode(kind, key, bytes, codec, null);
  }
}
