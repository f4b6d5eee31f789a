package org.wikicache.core;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where pages live: the latest content of each page, and the edits that move it forward.
 *
 * <p>Every implementation is thread-safe and keeps every revision: {@link #save} never
 * overwrites, it appends a revision numbered one more than the base, or refuses with
 * {@link EditConflictException}. No call returns an unbounded result: lists take a limit of at
 * most {@link #MAX_LIMIT}.
 *
 * <pre>{@code
 * SaveResult r = store.save(new Edit(PageName.of("Main"), 0, "Hello", "ada", "create"));
 * Optional<Page> page = store.get(PageName.of("Main"));
 * }</pre>
 */
public interface WikiStore {
  /** The largest {@code limit} any listing accepts. */
  int MAX_LIMIT = 1000;

  /** The page's latest revision, or empty if no page has that name. */
  Optional<Page> get(PageName name);

  /**
   * The latest revision of each named page that exists, in one call (one query for a database).
   * Missing pages are absent from the map.
   *
   * @throws IllegalArgumentException if more than {@link #MAX_LIMIT} names are asked for
   */
  Map<PageName, Page> getAll(Collection<PageName> names);

  /**
   * Commits {@code edit} as the page's next revision, if its base is still the latest.
   *
   * <p>Base 0 creates the page. Content identical to the base revision's creates nothing and
   * returns the base with {@code created == false}.
   *
   * @throws EditConflictException if the base is not the page's latest revision (including a
   *     create of a page that exists, or an edit of a page that does not)
   * @throws IllegalArgumentException if the content is larger than the store accepts
   */
  SaveResult save(Edit edit);

  /**
   * Page names in ascending order, strictly after {@code after} (null for the first page of
   * results): keyset paging, so each page of results costs the same however deep it is.
   *
   * @throws IllegalArgumentException unless {@code 1 <= limit <= MAX_LIMIT}
   */
  List<PageName> listPages(@Nullable PageName after, int limit);

  /**
   * The newest revisions across all pages, newest first.
   *
   * @throws IllegalArgumentException unless {@code 1 <= limit <= MAX_LIMIT}
   */
  List<RevisionInfo> recentChanges(int limit);
}
