package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A page in the archive of deleted pages ({@link WikiStore#deletedPages}): its revisions are
 * kept, and {@link WikiStore#restore} brings it back with them.
 *
 * @param name the page name
 * @param revision its latest revision number
 * @param deletedBy who deleted it
 * @param deletedAt when
 */
public record DeletedPage(PageName name, long revision, String deletedBy, Instant deletedAt) {
  /** Validates every component. */
  public DeletedPage {
    requireNonNull(name, "name");
    checkArgument(revision >= 1, "revision must be >= 1, was %s", revision);
    requireNonNull(deletedBy, "deletedBy");
    requireNonNull(deletedAt, "deletedAt");
  }
}
