package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.internal.StoreChecks;

/**
 * The reference {@link WikiStore} and {@link RevisionHistory}, held in memory: for tests, for
 * examples, and as the behaviour every other store must match (the contract tests run on it).
 *
 * <p>Thread-safe: saves of one page are serialised, saves of different pages run in parallel.
 *
 * <pre>{@code
 * InMemoryWikiStore store = InMemoryWikiStore.create();
 * store.save(new Edit(PageName.of("Main"), 0, "Hello", "ada", ""));
 * }</pre>
 */
public final class InMemoryWikiStore implements WikiStore, RevisionHistory {
  /** The default largest content, in UTF-8 bytes (2 MiB), as in the JDBC store. */
  public static final int DEFAULT_MAX_CONTENT_BYTES = 2 * 1024 * 1024;

  private final ConcurrentHashMap<PageName, PageRevisions> pages = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<PageName, Boolean> names = new ConcurrentSkipListMap<>();
  private final ConcurrentSkipListMap<Long, RevisionInfo> recent = new ConcurrentSkipListMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final Clock clock;
  private final int maxContentBytes;

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

  @Override
  public Optional<Page> get(PageName name) {
    requireNonNull(name, "name");
    PageRevisions revisions = pages.get(name);
    Revision latest = revisions == null ? null : revisions.latest();
    return latest == null ? Optional.empty() : Optional.of(Page.of(latest));
  }

  @Override
  public Map<PageName, Page> getAll(Collection<PageName> names) {
    checkArgument(names.size() <= MAX_LIMIT, "at most %s names per call, got %s", MAX_LIMIT,
        names.size());
    Map<PageName, Page> found = new LinkedHashMap<>();
    for (PageName name : names) {
      get(name).ifPresent(page -> found.put(name, page));
    }
    return found;
  }

  @Override
  public SaveResult save(Edit edit) {
    requireNonNull(edit, "edit");
    StoreChecks.checkContentSize(edit.content(), maxContentBytes);
    PageName name = edit.page();
    PageRevisions revisions = pages.computeIfAbsent(name, k -> new PageRevisions());
    synchronized (revisions) {
      Revision latest = revisions.latest();
      long latestNumber = latest == null ? 0 : latest.number();
      if (latestNumber != edit.baseRevision()) {
        throw new EditConflictException(name, edit.baseRevision(),
            latest == null ? null : latest.info());
      }
      if (latest != null && latest.content().equals(edit.content())) {
        return new SaveResult(latest.info(), false);
      }
      Revision next = Revision.create(name, latestNumber + 1, latestNumber, edit.author(),
          clock.instant(), edit.comment(), edit.content());
      revisions.add(next);
      recent.put(sequence.incrementAndGet(), next.info());
      names.put(name, Boolean.TRUE);
      return new SaveResult(next.info(), true);
    }
  }

  @Override
  public List<PageName> listPages(@Nullable PageName after, int limit) {
    StoreChecks.checkLimit(limit);
    NavigableMap<PageName, Boolean> tail = after == null ? names : names.tailMap(after, false);
    return tail.keySet().stream().limit(limit).collect(ImmutableList.toImmutableList());
  }

  @Override
  public List<RevisionInfo> recentChanges(int limit) {
    StoreChecks.checkLimit(limit);
    return recent.descendingMap().values().stream().limit(limit)
        .collect(ImmutableList.toImmutableList());
  }

  @Override
  public Optional<Revision> revision(PageName page, long number) {
    requireNonNull(page, "page");
    PageRevisions revisions = pages.get(page);
    return revisions == null ? Optional.empty() : Optional.ofNullable(revisions.number(number));
  }

  @Override
  public List<RevisionInfo> history(PageName page, long before, int limit) {
    requireNonNull(page, "page");
    StoreChecks.checkLimit(limit);
    checkArgument(before >= 1, "before must be >= 1, was %s", before);
    PageRevisions revisions = pages.get(page);
    return revisions == null ? List.of() : revisions.infosBefore(before, limit);
  }

  /**
   * The revisions of one page, oldest first. Saves of the page hold its monitor for their whole
   * check-then-append; readers take it briefly. A page that failed its first save stays an empty
   * entry, which reads treat as absent.
   */
  private static final class PageRevisions {
    private final List<Revision> revisions = new ArrayList<>();

    synchronized @Nullable Revision latest() {
      return revisions.isEmpty() ? null : revisions.get(revisions.size() - 1);
    }

    synchronized @Nullable Revision number(long number) {
      return number >= 1 && number <= revisions.size() ? revisions.get((int) (number - 1)) : null;
    }

    synchronized void add(Revision revision) {
      revisions.add(revision);
    }

    synchronized List<RevisionInfo> infosBefore(long before, int limit) {
      ImmutableList.Builder<RevisionInfo> out = ImmutableList.builder();
      long start = Math.min(before - 1, revisions.size());
      for (long n = start; n >= 1 && n > start - limit; n--) {
        out.add(revisions.get((int) (n - 1)).info());
      }
      return out.build();
    }
  }
}
