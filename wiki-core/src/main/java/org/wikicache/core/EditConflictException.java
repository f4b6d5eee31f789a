package org.wikicache.core;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An edit was made against a revision that is no longer the page's latest (someone else saved
 * first), or against a page that was created meanwhile. Nothing was saved: the caller still has
 * the author's text and can show the conflict, merge, or retry against {@link #current()}.
 */
public final class EditConflictException extends WikiException {
  private static final long serialVersionUID = 1L;

  private final PageName page;
  private final long baseRevision;
  private final transient @Nullable RevisionInfo current;

  /**
   * @param page the page edited
   * @param baseRevision the revision the edit was based on
   * @param current the page's latest revision now, or null if the page does not exist
   */
  public EditConflictException(PageName page, long baseRevision, @Nullable RevisionInfo current) {
    super("edit of '" + page + "' was based on revision " + baseRevision
        + " but the latest is " + (current == null ? "none (the page does not exist)"
            : Long.toString(current.number())));
    this.page = page;
    this.baseRevision = baseRevision;
    this.current = current;
  }

  /** The page edited. */
  public PageName page() {
    return page;
  }

  /** The revision the rejected edit was based on. */
  public long baseRevision() {
    return baseRevision;
  }

  /** The page's latest revision when the conflict was detected; empty if the page is missing. */
  public Optional<RevisionInfo> current() {
    return Optional.ofNullable(current);
  }

  /** The latest revision number when the conflict was detected; 0 if the page is missing. */
  public long currentRevision() {
    return current == null ? 0 : current.number();
  }
}
