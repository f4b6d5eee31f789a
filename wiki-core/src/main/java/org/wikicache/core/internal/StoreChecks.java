package org.wikicache.core.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.hash.Hashing;
import org.wikicache.core.Revision;
import org.wikicache.core.WikiStore;

/**
 * Internal, not API. The checks every {@link WikiStore} implementation makes, worded alike so
 * that the in-memory, JDBC and caching stores refuse the same input with the same message.
 *
 * <p><b>Thread safety:</b> stateless.
 *
 * <pre>{@code
 * StoreChecks.checkLimit(limit);
 * StoreChecks.checkContentSize(edit.content(), maxContentBytes);
 * String sha = StoreChecks.sha256(edit.content());
 * }</pre>
 */
public final class StoreChecks {
  private StoreChecks() {}

  /**
   * Checks a listing limit.
   *
   * @param limit the number of results asked for
   * @return {@code limit}
   * @throws IllegalArgumentException unless {@code 1 <= limit <=} {@link WikiStore#MAX_LIMIT}
   */
  public static int checkLimit(int limit) {
    if (limit < 1 || limit > WikiStore.MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + WikiStore.MAX_LIMIT + ", was " + limit);
    }
    return limit;
  }

  /**
   * Checks that {@code content} fits a store's content limit.
   *
   * @param content the page text
   * @param maxBytes the limit, in UTF-8 bytes
   * @throws IllegalArgumentException if {@code content} is larger than {@code maxBytes} in UTF-8
   */
  public static void checkContentSize(String content, int maxBytes) {
    int bytes = Revision.utf8Length(content);
    if (bytes > maxBytes) {
      throw new IllegalArgumentException(
          "content is " + bytes + " UTF-8 bytes; at most " + maxBytes + " are allowed");
    }
  }

  /**
   * The lowercase hex SHA-256 of the UTF-8 bytes of {@code content}, as
   * {@link org.wikicache.core.RevisionInfo#sha256()} holds it.
   *
   * @param content the page text
   * @return 64 lowercase hex digits
   */
  public static String sha256(String content) {
    return Hashing.sha256().hashString(content, UTF_8).toString();
  }

  /**
   * The key a username is compared by (lower-cased), after checking it.
   *
   * @throws IllegalArgumentException if {@code username} is null, blank, or longer than 255
   *     characters
   */
  public static String usernameKey(String username) {
    if (username == null || username.isBlank() || username.length() > 255) {
      throw new IllegalArgumentException("username must be 1 to 255 characters, not blank");
    }
    return username.toLowerCase(java.util.Locale.ROOT);
  }
}
