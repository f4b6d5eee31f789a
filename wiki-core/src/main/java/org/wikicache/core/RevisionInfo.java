package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What is known about one revision of a page, without its content: enough to list a history or
 * recent changes cheaply.
 *
 * @param page the page
 * @param number the revision number, starting at 1 and contiguous per page
 * @param parent the revision this one was edited from ({@code number - 1}), or 0 for the first
 * @param author the username of the author
 * @param time when the revision was committed
 * @param comment the author's edit summary, possibly empty
 * @param length the content's length in UTF-8 bytes
 * @param sha256 the lowercase hex SHA-256 of the content's UTF-8 bytes
 */
public record RevisionInfo(
    PageName page,
    long number,
    long parent,
    String author,
    Instant time,
    String comment,
    int length,
    String sha256) {

  /** Validates every component. */
  public RevisionInfo {
    requireNonNull(page, "page");
    checkArgument(number >= 1, "revision number must be >= 1, was %s", number);
    checkArgument(parent >= 0 && parent < number,
        "parent must be >= 0 and < number (%s), was %s", number, parent);
    requireNonNull(author, "author");
    requireNonNull(time, "time");
    requireNonNull(comment, "comment");
    checkArgument(length >= 0, "length must be >= 0, was %s", length);
    requireNonNull(sha256, "sha256");
    checkArgument(isSha256Hex(sha256), "sha256 must be 64 lowercase hex digits");
  }

  // A loop, not a regex: revisions are decoded from the cache on every page view.
  private static boolean isSha256Hex(String s) {
    if (s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }
}
