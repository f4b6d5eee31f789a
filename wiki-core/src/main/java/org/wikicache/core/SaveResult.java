package org.wikicache.core;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of a successful {@link WikiStore#save}.
 *
 * @param revision the page's latest revision after the save: the new one, or the base when the
 *     content was identical to it
 * @param created true if a new revision was committed, false if the content was unchanged
 */
public record SaveResult(RevisionInfo revision, boolean created) {
  /** Validates the revision. */
  public SaveResult {
    requireNonNull(revision, "revision");
  }
}
