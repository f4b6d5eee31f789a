package org.wikicache.core;

import java.util.List;
import java.util.Optional;

/**
 * Every revision of every page, read-only: revisions are immutable once committed.
 *
 * <p>Thread-safe. Histories are read with keyset paging, newest first, and never unbounded:
 *
 * <pre>{@code
 * List<RevisionInfo> newest = history.history(page, Long.MAX_VALUE, 50);
 * List<RevisionInfo> older  = history.history(page, newest.get(newest.size() - 1).number(), 50);
 * }</pre>
 */
public interface RevisionHistory {
  /** Revision {@code number} of {@code page}, or empty if there is none. */
  Optional<Revision> revision(PageName page, long number);

  /**
   * Revisions of {@code page} numbered strictly below {@code before}, newest first, at most
   * {@code limit}. Pass {@link Long#MAX_VALUE} for the newest. A missing page has no revisions.
   *
   * @throws IllegalArgumentException unless {@code 1 <= limit <= WikiStore.MAX_LIMIT}, or if
   *     {@code before < 1}
   */
  List<RevisionInfo> history(PageName page, long before, int limit);
}
