package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * One result of {@link WikiStore#search}.
 *
 * @param page the page that matched
 * @param revision its latest revision number when it was found
 * @param snippet a short extract of its text around the first match, as <b>plain text</b> (not
 *     HTML: escape it when rendering), at most {@link #MAX_SNIPPET_LENGTH} characters
 */
public record SearchHit(PageName page, long revision, String snippet) {
  /** The longest snippet, in characters. */
  public static final int MAX_SNIPPET_LENGTH = 300;

  /** Validates every component. */
  public SearchHit {
    requireNonNull(page, "page");
    checkArgument(revision >= 1, "revision must be >= 1, was %s", revision);
    requireNonNull(snippet, "snippet");
    checkArgument(snippet.length() <= MAX_SNIPPET_LENGTH, "snippet longer than %s characters",
        MAX_SNIPPET_LENGTH);
  }
}
