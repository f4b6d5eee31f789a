package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.Utf8;
import java.time.Instant;
import org.wikicache.core.internal.StoreChecks;

/**
 * One immutable revision of a page: its {@link RevisionInfo} and its content. Revisions never
 * change once committed, so they can be cached without expiry.
 *
 * <pre>{@code
 * Revision r = Revision.create(PageName.of("Main"), 1, 0, "ada", Instant.now(), "first", "Hello");
 * r.info().sha256();
 * }</pre>
 *
 * @param info the metadata; its length must match the content's UTF-8 length
 * @param content the page text (Markdown)
 */
public record Revision(RevisionInfo info, String content) {
  /** Validates that the info describes this content (the length; the hash is checked by stores). */
  public Revision {
    requireNonNull(info, "info");
    requireNonNull(content, "content");
    checkArgument(info.length() == utf8Length(content),
        "info.length (%s) does not match the content's UTF-8 length", info.length());
  }

  /** Builds a revision, computing the length and SHA-256 of {@code content}. */
  public static Revision create(PageName page, long number, long parent, String author,
      Instant time, String comment, String content) {
    return new Revision(
        new RevisionInfo(page, number, parent, author, time, comment, utf8Length(content),
            StoreChecks.sha256(content)),
        content);
  }

  /** The page this revision belongs to. */
  public PageName page() {
    return info.page();
  }

  /** This revision's number. */
  public long number() {
    return info.number();
  }

  /**
   * The number of bytes {@code s} takes in UTF-8, without encoding it: the measure of a
   * revision's {@linkplain RevisionInfo#length() length} and of a store's content limit, so a
   * caller can tell before saving whether content fits.
   */
  public static int utf8Length(String s) {
    return Utf8.encodedLength(s);
  }
}
