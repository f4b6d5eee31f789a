package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import org.wikicache.core.internal.StoreChecks;

/**
 * A request to save new content for a page, made against the revision the author started from.
 *
 * <pre>{@code
 * store.save(new Edit(PageName.of("Main"), 0, "# Welcome", "ada", "create"));   // base 0: create
 * }</pre>
 *
 * @param page the page to edit
 * @param baseRevision the revision the author edited; 0 when creating the page
 * @param content the new content
 * @param author the username of the author: 1 to 255 characters, not blank, no control characters
 * @param comment an edit summary, possibly empty
 */
public record Edit(PageName page, long baseRevision, String content, String author,
    String comment) {
  /** The longest comment, in characters. */
  public static final int MAX_COMMENT_LENGTH = 500;

  /** Validates every component. */
  public Edit {
    requireNonNull(page, "page");
    checkArgument(baseRevision >= 0, "baseRevision must be >= 0, was %s", baseRevision);
    requireNonNull(content, "content");
    // PostgreSQL's text cannot hold U+0000, and no wiki text needs it: refuse it everywhere alike.
    checkArgument(content.indexOf('\0') < 0, "content must not contain NUL (U+0000) characters");
    StoreChecks.checkActor(author, "author");
    requireNonNull(comment, "comment");
    checkArgument(comment.chars().noneMatch(Character::isISOControl),
        "comment must not contain control characters");
    StoreChecks.checkWellFormed(comment, "comment");
    checkArgument(comment.length() <= MAX_COMMENT_LENGTH,
        "comment must be at most %s characters, was %s", MAX_COMMENT_LENGTH, comment.length());
  }
}
