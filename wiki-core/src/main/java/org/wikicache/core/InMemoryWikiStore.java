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

  private final ConcurrentHashMap<PageName, List<Revision>> pages = new ConcurrentHashMap<>();
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
    List<Revision> revisions = pages.get(name);
    return revisions == null ? Optional.empty() : Optional.of(Page.of(last(revisions)));
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
    checkContentSize(edit.content(), maxContentBytes);
    SaveResult[] result = new SaveResult[1];
    pages.compute(edit.page(), (name, revisions) -> {
      long latest = revisions == null ? 0 : last(revisions).number();
      if (latest != edit.baseRevision()) {
        throw new EditConflictException(name, edit.baseRevision(),
            revisions == null ? null : last(revisions).info());
      }
      if (revisions != null && last(revisions).content().equals(edit.content())) {
        result[0] = new SaveResult(last(revisions).info(), false);
        return revisions;
      }
      Revision next = Revision.create(name, latest + 1, latest, edit.author(), clock.instant(),
          edit.comment(), edit.content());
      List<Revision> updated = revisions == null ? new ArrayList<>() : revisions;
      synchronized (updated) {
        updated.add(next);
      }
      recent.put(sequence.incrementAndGet(), next.info());
      names.put(name, Boolean.TRUE);
      result[0] = new SaveResult(next.info(), true);
      return updated;
    });
    return result[0];
  }

  @Override
  public List<PageName> listPages(@Nullable PageName after, int limit) {
    WikiStore.checkLimit(limit);
    NavigableMap<PageName, Boolean> tail = after == null ? names : names.tailMap(after, false);
    return tail.keySet().stream().limit(limit).collect(ImmutableList.toImmutableList());
  }

  @Override
  public List<RevisionInfo> recentChanges(int limit) {
    WikiStore.checkLimit(limit);
    return recent.descendingMap().values().stream().limit(limit)
        .collect(ImmutableList.toImmutableList());
  }

  @Override
  public Optional<Revision> revision(PageName page, long number) {
    requireNonNull(page, "page");
    List<Revision> revisions = pages.get(page);
    if (revisions == null || number < 1) {
      return Optional.empty();
    }
    synchronized (revisions) {
      return number <= revisions.size()
          ? Optional.of(revisions.get((int) (number - 1))) : Optional.empty();
    }
  }

  @Override
  public List<RevisionInfo> history(PageName page, long before, int limit) {
    requireNonNull(page, "page");
    WikiStore.checkLimit(limit);
    checkArgument(before >= 1, "before must be >= 1, was %s", before);
    List<Revision> revisions = pages.get(page);
    if (revisions == null) {
      return List.of();
    }
    ImmutableList.Builder<RevisionInfo> out = ImmutableList.builder();
    synchronized (revisions) {
      long start = Math.min(before - 1, revisions.size());
      for (long n = start; n >= 1 && n > start - limit; n--) {
        out.add(revisions.get((int) (n - 1)).info());
      }
    }
    return out.build();
  }

  /**
   * Throws {@link IllegalArgumentException} if {@code content} is larger than {@code maxBytes}
   * in UTF-8; shared by the stores so they word the refusal alike.
   */
  public static void checkContentSize(String content, int maxBytes) {
    int bytes = Revision.utf8Length(content);
    if (bytes > maxBytes) {
      throw new IllegalArgumentException(
          "content is " + bytes + " UTF-8 bytes; at most " + maxBytes + " are allowed");
    }
  }

  private static Revision last(List<Revision> revisions) {
    synchronized (revisions) {
      return revisions.get(revisions.size() - 1);
    }
  }
}
