package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One page of a user's contributions ({@link WikiStore#contributions}), newest first.
 *
 * @param revisions the revisions the user made, of pages that are not deleted, newest first
 * @param next the cursor to pass as {@code before} for the next (older) page of results; 0 when
 *     there are no more
 */
public record Contributions(List<RevisionInfo> revisions, long next) {
  /** Validates and copies. */
  public Contributions {
    revisions = List.copyOf(requireNonNull(revisions, "revisions"));
    checkArgument(next >= 0, "next must be >= 0, was %s", next);
  }

  /** True if an older page of results may exist. */
  public boolean hasMore() {
    return next > 0;
  }
}
