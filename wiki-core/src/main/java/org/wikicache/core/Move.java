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
 */
public record Move(PageName from, PageName to, boolean withSubpages, String author,
    String comment) {
  /** Validates every component. */
  public Move {
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
    checkArgument(comment.length() <= Edit.MAX_COMMENT_LENGTH,
        "comment must be at most %s characters, was %s", Edit.MAX_COMMENT_LENGTH,
        comment.length());
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
