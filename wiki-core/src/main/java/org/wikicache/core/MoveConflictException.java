package org.wikicache.core;

/**
 * A {@link WikiStore#move} was refused and nothing was moved: the page to move does not exist
 * (or was deleted, or moved, meanwhile), a target name is taken by a page (or a deleted page), or
 * it has more sub-pages than one move renames ({@link WikiStore#MAX_MOVED_PAGES}).
 * An expected outcome of a user's action: show it to the user.
 */
public final class MoveConflictException extends WikiException {
  private static final long serialVersionUID = 1L;

  private final PageName page;

  /**
   * @param page the page whose state refused the move (the missing source or the taken target)
   * @param message what was wrong
   */
  public MoveConflictException(PageName page, String message) {
    super(message);
    this.page = page;
  }

  /** The page whose state refused the move: the missing source or a taken target. */
  public PageName page() {
    return page;
  }
}
