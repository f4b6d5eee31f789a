package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A page as a reader sees it: its latest revision's content.
 *
 * @param name the page name
 * @param revision the number of the latest revision (>= 1)
 * @param content the latest content (Markdown)
 * @param author the username that wrote the latest revision
 * @param time when the latest revision was committed
 */
public record Page(PageName name, long revision, String content, String author, Instant time) {
  /** Validates every component. */
  public Page {
    requireNonNull(name, "name");
    checkArgument(revision >= 1, "revision must be >= 1, was %s", revision);
    requireNonNull(content, "content");
    requireNonNull(author, "author");
    requireNonNull(time, "time");
  }

  /** The page as of {@code revision}, which must be its latest. */
  public static Page of(Revision revision) {
    RevisionInfo info = revision.info();
    return new Page(info.page(), info.number(), revision.content(), info.author(), info.time());
  }
}
