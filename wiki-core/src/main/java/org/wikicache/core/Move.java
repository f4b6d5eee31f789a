package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import org.wikicache.core.internal.StoreChecks;

/**
 * A request to rename a page ({@link WikiStore#move}).
 *
 * <pre>{@code
 * store.move(new Move(PageName.of("Draft"), PageName.of("Guide"), true, "ada", "final name"));
 * }</pre>
 *
 * @param from the page to rename
 * @param to its new name; must not exist (nor be a deleted page), and a link must be able to name
 *     it ({@link WikiLinks#isLinkable}), since the old name becomes a redirect to it
 * @param withSubpages also move each {@code from/...} page to {@code to/...}
 * @param author the username of who moves it (the author of the redirects left behind): 1 to
 *     255 characters, not blank, no control characters
 * @param comment why, possibly empty
 * @param expectedRevision the latest revision of {@code from} that the mover saw, or 0 for
 *     whichever it is: if {@code from} has moved on since (another move made it a redirect, or
 *     an edit changed it), the move conflicts and nothing is moved
 */
public record Move(PageName from, PageName to, boolean withSubpages, String author,
    String comment, long expectedRevision) {
  /** A move of {@code from} whatever its latest revision is. */
  public Move(PageName from, PageName to, boolean withSubpages, String author, String comment) {
    this(from, to, withSubpages, author, comment, 0);
  }

  /** Validates every component. */
  public Move {
    checkArgument(expectedRevision >= 0, "expectedRevision must be >= 0, was %s",
        expectedRevision);
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    checkArgument(!from.equals(to), "a page cannot be moved to its own name");
    checkArgument(WikiLinks.isLinkable(to),
        "page name '%s' cannot be the target of a redirect: it holds '[', ']', '|' or '#'", to);
    checkArgument(!withSubpages || !to.value().startsWith(from.value() + "/"),
        "a page cannot be moved with its sub-pages to one of its own sub-pages");
    StoreChecks.checkActor(author, "author");
    requireNonNull(comment, "comment");
    checkArgument(comment.chars().noneMatch(Character::isISOControl),
        "comment must not contain control characters");
    StoreChecks.checkWellFormed(comment, "comment");
    checkArgument(comment.length() <= Edit.MAX_COMMENT_LENGTH,
        "comment must be at most %s characters, was %s", Edit.MAX_COMMENT_LENGTH,
        comment.length());
  }

  /**
   * Checks that {@code from}'s latest revision, {@code latest}, is the one the mover expected.
   *
   * @throws MoveConflictException if it is not
   */
  public void checkExpected(long latest) {
    if (expectedRevision != 0 && latest != expectedRevision) {
      throw new MoveConflictException(from, "page '" + from + "' changed after revision "
          + expectedRevision + " (it is at revision " + latest + " now), so it was not moved");
    }
  }

  /** The name {@code page} (this move's page or one of its sub-pages) gets. */
  public PageName target(PageName page) {
    if (page.equals(from)) {
      return to;
    }
    checkArgument(page.value().startsWith(from.value() + "/"), "%s is not under %s", page, from);
    return PageName.of(to.value() + page.value().substring(from.value().length()));
  }

  /** The comment of the redirect left at {@code page}'s old name. */
  public String redirectComment(PageName page) {
    String note = "Moved to [[" + target(page).value() + "]]";
    String full = comment.isEmpty() ? note : note + ": " + comment;
    return full.length() <= Edit.MAX_COMMENT_LENGTH ? full
        : full.substring(0, Edit.MAX_COMMENT_LENGTH);
  }
}
