package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.internal.SearchText;
import org.wikicache.core.internal.StoreChecks;

/**
 * The reference {@link WikiStore} and {@link RevisionHistory}, held in memory: for tests, for
 * examples, and as the behaviour every other store must match (the contract tests run on it).
 *
 * <p>Thread-safe and linearizable: every write holds one write lock for its whole
 * check-then-change (a move of several pages is one atomic step), reads hold the read lock. Search
 * scans every page; the reference store is for small wikis.
 *
 * <pre>{@code
 * InMemoryWikiStore store = InMemoryWikiStore.create();
 * store.save(new Edit(PageName.of("Main"), 0, "Hello", "ada", ""));
 * }</pre>
 */
public final class InMemoryWikiStore implements WikiStore, RevisionHistory {
  /** The default largest content, in UTF-8 bytes (2 MiB), as in the JDBC store. */
  public static final int DEFAULT_MAX_CONTENT_BYTES = 2 * 1024 * 1024;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final TreeMap<PageName, PageState> pages = new TreeMap<>();
  private final TreeMap<Long, Stored> recent = new TreeMap<>();
  private final Map<PageName, Set<PageName>> outlinks = new java.util.HashMap<>();
  private final TreeMap<PageName, TreeSet<PageName>> backlinks = new TreeMap<>();
  private final Set<String> blocked = new HashSet<>();
  private long sequence;
  private final Clock clock;
  private final int maxContentBytes;

  /** One committed revision and its place in the order of all commits. */
  private static final class Stored {
    Revision revision;  // replaced by a renamed copy when its page moves
    final long seq;

    Stored(Revision revision, long seq) {
      this.revision = revision;
      this.seq = seq;
    }
  }

  /** A page: its revisions (numbered from {@code first}), and its flags. */
  private static final class PageState {
    final List<Stored> revisions = new ArrayList<>();
    long first = 1;
    boolean deleted;
    @Nullable String deletedBy;
    @Nullable Instant deletedAt;
    boolean protect;

    Revision latest() {
      return revisions.get(revisions.size() - 1).revision;
    }

    @Nullable Revision number(long n) {
      long index = n - first;
      return index >= 0 && index < revisions.size() ? revisions.get((int) index).revision : null;
    }
  }

  private InMemoryWikiStore(Clock clock, int maxContentBytes) {
    this.clock = requireNonNull(clock, "clock");
    checkArgument(maxContentBytes > 0, "maxContentBytes must be positive");
    this.maxContentBytes = maxContentBytes;
  }

  /** A store with the system clock and the default content limit. */
  public static InMemoryWikiStore create() {
    return new InMemoryWikiStore(Clock.systemUTC(), DEFAULT_MAX_CONTENT_BYTES);
  }

  /** A store with the given clock (for revision times) and content limit in UTF-8 bytes. */
  public static InMemoryWikiStore create(Clock clock, int maxContentBytes) {
    return new InMemoryWikiStore(clock, maxContentBytes);
  }

  private <T> T read(Supplier<T> body) {
    Lock l = lock.readLock();
    l.lock();
    try {
      return body.get();
    } finally {
      l.unlock();
    }
  }

  private <T> T write(Supplier<T> body) {
    Lock l = lock.writeLock();
    l.lock();
    try {
      return body.get();
    } finally {
      l.unlock();
    }
  }

  private @Nullable PageState live(PageName name) {
    PageState state = pages.get(name);
    return state == null || state.deleted ? null : state;
  }

  @Override
  public Optional<Page> get(PageName name) {
    requireNonNull(name, "name");
    return read(() -> {
      PageState state = live(name);
      return state == null ? Optional.empty() : Optional.of(Page.of(state.latest()));
    });
  }

  @Override
  public Map<PageName, Page> getAll(Collection<PageName> names) {
    checkArgument(names.size() <= MAX_LIMIT, "at most %s names per call, got %s", MAX_LIMIT,
        names.size());
    return read(() -> {
      Map<PageName, Page> found = new LinkedHashMap<>();
      for (PageName name : names) {
        PageState state = live(requireNonNull(name, "name"));
        if (state != null) {
          found.put(name, Page.of(state.latest()));
        }
      }
      return found;
    });
  }

  @Override
  public SaveResult save(Edit edit) {
    requireNonNull(edit, "edit");
    StoreChecks.checkContentSize(edit.content(), maxContentBytes);
    return write(() -> {
      PageName name = edit.page();
      PageState state = pages.get(name);
      Revision latest = state == null || state.deleted ? null : state.latest();
      long latestNumber = latest == null ? 0 : latest.number();
      if (latestNumber != edit.baseRevision() || (latest == null && state != null)) {
        throw new EditConflictException(name, edit.baseRevision(),
            latest == null ? null : latest.info());
      }
      if (latest != null && latest.content().equals(edit.content())) {
        return new SaveResult(latest.info(), false);
      }
      if (state == null) {
        state = new PageState();
        pages.put(name, state);
      }
      Revision next = Revision.create(name, latestNumber + 1, latestNumber, edit.author(),
          clock.instant(), edit.comment(), edit.content());
      append(state, next);
      linkFrom(name, WikiLinks.targets(edit.content()));
      return new SaveResult(next.info(), true);
    });
  }

  private void append(PageState state, Revision revision) {
    Stored stored = new Stored(revision, ++sequence);
    state.revisions.add(stored);
    recent.put(stored.seq, stored);
  }

  /** Replaces the links of {@code source} with {@code targets}. */
  private void linkFrom(PageName source, Set<PageName> targets) {
    Set<PageName> old = outlinks.remove(source);
    if (old != null) {
      for (PageName t : old) {
        TreeSet<PageName> sources = backlinks.get(t);
        sources.remove(source);
        if (sources.isEmpty()) {
          backlinks.remove(t);
        }
      }
    }
    if (!targets.isEmpty()) {
      outlinks.put(source, Set.copyOf(targets));
      for (PageName t : targets) {
        backlinks.computeIfAbsent(t, k -> new TreeSet<>()).add(source);
      }
    }
  }

  @Override
  public List<PageName> listPages(@Nullable PageName after, int limit) {
    StoreChecks.checkLimit(limit);
    return read(() -> livePages(after == null ? pages : pages.tailMap(after, false), limit));
  }

  private static List<PageName> livePages(NavigableMap<PageName, PageState> range, int limit) {
    ImmutableList.Builder<PageName> out = ImmutableList.builder();
    int n = 0;
    for (Map.Entry<PageName, PageState> e : range.entrySet()) {
      if (n == limit) {
        break;
      }
      if (!e.getValue().deleted) {
        out.add(e.getKey());
        n++;
      }
    }
    return out.build();
  }

  @Override
  public List<RevisionInfo> recentChanges(int limit) {
    StoreChecks.checkLimit(limit);
    return read(() -> {
      ImmutableList.Builder<RevisionInfo> out = ImmutableList.builder();
      int n = 0;
      for (Stored s : recent.descendingMap().values()) {
        if (n == limit) {
          break;
        }
        if (live(s.revision.page()) != null) {
          out.add(s.revision.info());
          n++;
        }
      }
      return out.build();
    });
  }

  @Override
  public Optional<Revision> revision(PageName page, long number) {
    requireNonNull(page, "page");
    return read(() -> {
      PageState state = live(page);
      return state == null ? Optional.empty() : Optional.ofNullable(state.number(number));
    });
  }

  @Override
  public List<RevisionInfo> history(PageName page, long before, int limit) {
    requireNonNull(page, "page");
    StoreChecks.checkLimit(limit);
    checkArgument(before >= 1, "before must be >= 1, was %s", before);
    return read(() -> {
      PageState state = live(page);
      if (state == null) {
        return List.of();
      }
      ImmutableList.Builder<RevisionInfo> out = ImmutableList.builder();
      int n = 0;
      for (int i = state.revisions.size() - 1; i >= 0 && n < limit; i--) {
        Revision r = state.revisions.get(i).revision;
        if (r.number() < before) {
          out.add(r.info());
          n++;
        }
      }
      return out.build();
    });
  }

  @Override
  public List<PageName> linksTo(PageName target, @Nullable PageName after, int limit) {
    requireNonNull(target, "target");
    StoreChecks.checkLimit(limit);
    return read(() -> {
      TreeSet<PageName> sources = backlinks.get(target);
      if (sources == null) {
        return List.of();
      }
      return (after == null ? sources : sources.tailSet(after, false)).stream()
          .filter(s -> live(s) != null).limit(limit).collect(ImmutableList.toImmutableList());
    });
  }

  @Override
  public List<PageName> wantedPages(@Nullable PageName after, int limit) {
    StoreChecks.checkLimit(limit);
    return read(() -> {
      ImmutableList.Builder<PageName> out = ImmutableList.builder();
      int n = 0;
      var range = after == null ? backlinks : backlinks.tailMap(after, false);
      for (Map.Entry<PageName, TreeSet<PageName>> e : range.entrySet()) {
        if (n == limit) {
          break;
        }
        if (live(e.getKey()) == null && e.getValue().stream().anyMatch(s -> live(s) != null)) {
          out.add(e.getKey());
          n++;
        }
      }
      return out.build();
    });
  }

  @Override
  public List<SearchHit> search(String query, int offset, int limit) {
    SearchText.check(query, offset, limit);
    List<String> terms = SearchText.terms(query);
    if (terms.isEmpty()) {
      return List.of();
    }
    record Scored(Page page, int score) {}
    return read(() -> {
      List<Scored> scored = new ArrayList<>();
      for (Map.Entry<PageName, PageState> e : pages.entrySet()) {
        if (e.getValue().deleted) {
          continue;
        }
        Revision latest = e.getValue().latest();
        if (WikiLinks.redirectTarget(latest.content()).isPresent()) {
          continue;
        }
        int score = SearchText.score(terms, SearchText.title(e.getKey()),
            SearchText.body(latest.content()));
        if (score > 0) {
          scored.add(new Scored(Page.of(latest), score));
        }
      }
      scored.sort(Comparator.comparingInt(Scored::score).reversed()
          .thenComparing(s -> s.page().name()));
      return scored.stream().skip(offset).limit(limit)
          .map(s -> new SearchHit(s.page().name(), s.page().revision(),
              SearchText.snippet(s.page().content(), terms)))
          .collect(ImmutableList.toImmutableList());
    });
  }

  @Override
  public List<PageName> subpages(PageName parent, @Nullable PageName after, int limit) {
    requireNonNull(parent, "parent");
    StoreChecks.checkLimit(limit);
    return read(() -> livePages(subpageRange(parent, after), limit));
  }

  /** The entries named {@code parent/...}, strictly after {@code after}. */
  private NavigableMap<PageName, PageState> subpageRange(PageName parent,
      @Nullable PageName after) {
    String prefix = parent.value() + "/";
    String end = parent.value() + "0";  // '0' is the character after '/'
    String from = after != null && after.value().compareTo(prefix) > 0 ? after.value() : prefix;
    NavigableMap<PageName, PageState> range = new TreeMap<>();
    for (Map.Entry<PageName, PageState> e
        : pages.tailMap(PageName.of(prefix.substring(0, prefix.length() - 1)), false).entrySet()) {
      String v = e.getKey().value();
      if (v.compareTo(end) >= 0) {
        break;
      }
      if (v.startsWith(prefix) && v.compareTo(from) > 0) {
        range.put(e.getKey(), e.getValue());
      }
    }
    return range;
  }

  @Override
  public Contributions contributions(String author, long before, int limit) {
    requireNonNull(author, "author");
    StoreChecks.checkLimit(limit);
    checkArgument(before >= 1, "before must be >= 1, was %s", before);
    return read(() -> {
      List<RevisionInfo> out = new ArrayList<>();
      long last = 0;
      boolean more = false;
      for (Stored s : recent.headMap(before, false).descendingMap().values()) {
        if (!s.revision.info().author().equals(author) || live(s.revision.page()) == null) {
          continue;
        }
        if (out.size() == limit) {
          more = true;
          break;
        }
        out.add(s.revision.info());
        last = s.seq;
      }
      return new Contributions(out, more ? last : 0);
    });
  }

  @Override
  public List<MovedPage> move(Move move) {
    requireNonNull(move, "move");
    return write(() -> {
      PageState page = live(move.from());
      if (page == null) {
        throw new MoveConflictException(move.from(),
            "page '" + move.from() + "' does not exist, so it cannot be moved");
      }
      move.checkExpected(page.latest().number());
      List<PageName> sources = new ArrayList<>();
      sources.add(move.from());
      if (move.withSubpages()) {
        sources.addAll(subpageRange(move.from(), null).entrySet().stream()
            .filter(e -> !e.getValue().deleted).map(Map.Entry::getKey)
            .limit(MAX_MOVED_PAGES).toList());
        if (sources.size() > MAX_MOVED_PAGES) {
          throw StoreChecks.tooManyToMove(move.from());
        }
      }
      for (PageName source : sources) {
        PageName target = move.target(source);
        if (pages.containsKey(target)) {
          throw new MoveConflictException(target, "page '" + target + "' already exists"
              + (pages.get(target).deleted ? " (deleted)" : "") + ": '" + source
              + "' was not moved");
        }
      }
      Instant now = clock.instant();
      List<MovedPage> moved = new ArrayList<>();
      for (PageName source : sources) {
        PageName target = move.target(source);
        PageState state = pages.remove(source);
        for (Stored s : state.revisions) {
          RevisionInfo i = s.revision.info();
          s.revision = new Revision(new RevisionInfo(target, i.number(), i.parent(), i.author(),
              i.time(), i.comment(), i.length(), i.sha256()), s.revision.content());
        }
        pages.put(target, state);
        Set<PageName> links = outlinks.getOrDefault(source, Set.of());
        linkFrom(source, Set.of());
        linkFrom(target, links);

        long last = state.latest().number();
        PageState redirect = new PageState();
        redirect.first = last + 1;
        Revision r = Revision.create(source, last + 1, last, move.author(), now,
            move.redirectComment(source), WikiLinks.redirectContent(target));
        append(redirect, r);
        pages.put(source, redirect);
        linkFrom(source, Set.of(target));
        moved.add(new MovedPage(source, target, r.info()));
      }
      return List.copyOf(moved);
    });
  }

  @Override
  public boolean delete(PageName name, String by) {
    requireNonNull(name, "name");
    StoreChecks.checkActor(by, "by");
    return write(() -> {
      PageState state = live(name);
      if (state == null) {
        return false;
      }
      state.deleted = true;
      state.deletedBy = by;
      state.deletedAt = clock.instant();
      return true;
    });
  }

  @Override
  public boolean restore(PageName name, String by) {
    requireNonNull(name, "name");
    StoreChecks.checkActor(by, "by");
    return write(() -> {
      PageState state = pages.get(name);
      if (state == null || !state.deleted) {
        return false;
      }
      state.deleted = false;
      state.deletedBy = null;
      state.deletedAt = null;
      return true;
    });
  }

  @Override
  public List<DeletedPage> deletedPages(@Nullable PageName after, int limit) {
    StoreChecks.checkLimit(limit);
    return read(() -> (after == null ? pages : pages.tailMap(after, false)).entrySet().stream()
        .filter(e -> e.getValue().deleted).limit(limit)
        .map(e -> new DeletedPage(e.getKey(), e.getValue().latest().number(),
            e.getValue().deletedBy, e.getValue().deletedAt))
        .collect(ImmutableList.toImmutableList()));
  }

  @Override
  public boolean setProtected(PageName name, boolean protect) {
    requireNonNull(name, "name");
    return write(() -> {
      PageState state = live(name);
      if (state == null) {
        return false;
      }
      state.protect = protect;
      return true;
    });
  }

  @Override
  public boolean isProtected(PageName name) {
    requireNonNull(name, "name");
    return read(() -> {
      PageState state = live(name);
      return state != null && state.protect;
    });
  }

  @Override
  public boolean setBlocked(String username, boolean block) {
    String key = StoreChecks.usernameKey(username);
    return write(() -> block ? blocked.add(key) : blocked.remove(key));
  }

  @Override
  public boolean isBlocked(String username) {
    requireNonNull(username, "username");
    String key = username.toLowerCase(Locale.ROOT);
    return read(() -> blocked.contains(key));
  }
}
