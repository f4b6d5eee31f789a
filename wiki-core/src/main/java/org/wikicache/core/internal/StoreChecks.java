package org.wikicache.core.internal;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

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
  /** The longest username, author or actor name, in characters (the stores' column width). */
  public static final int MAX_NAME_LENGTH = 255;

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
   * @throws IllegalArgumentException if {@code username} is null, blank, longer than 255
   *     characters (also once lower-cased) or holds U+0000
   */
  public static String usernameKey(String username) {
    if (username == null || username.isBlank() || username.length() > MAX_NAME_LENGTH
        || username.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "username must be 1 to 255 characters, not blank, without NUL");
    }
    String key = username.toLowerCase(java.util.Locale.ROOT);
    // lower-casing can lengthen a name ("İ" becomes two characters): the key must fit too
    if (key.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "username must be at most 255 characters once lower-cased, was " + key.length());
    }
    return key;
  }

  /** The refusal of a move that would rename more than {@link WikiStore#MAX_MOVED_PAGES}. */
  public static org.wikicache.core.MoveConflictException tooManyToMove(
      org.wikicache.core.PageName from) {
    return new org.wikicache.core.MoveConflictException(from, "page '" + from + "' has more than "
        + (WikiStore.MAX_MOVED_PAGES - 1) + " sub-pages: move them in parts (a move renames at"
        + " most " + WikiStore.MAX_MOVED_PAGES + " pages)");
  }

  /**
   * Checks the name of who does something (an edit's or a move's author, who deletes or
   * restores a page): 1 to 255 characters, not blank, no control characters (PostgreSQL's text
   * cannot hold U+0000, and no name needs the others).
   *
   * @param who the name
   * @param what what the name is, for the message
   * @return {@code who}
   * @throws NullPointerException if {@code who} is null
   * @throws IllegalArgumentException if it is blank, too long or holds a control character
   */
  public static String checkActor(String who, String what) {
    requireNonNull(who, what);
    checkArgument(!who.isBlank(), "%s must not be blank", what);
    checkArgument(who.length() <= MAX_NAME_LENGTH, "%s must be at most %s characters, was %s",
        what, MAX_NAME_LENGTH, who.length());
    checkArgument(who.chars().noneMatch(Character::isISOControl),
        "%s must not contain control characters", what);
    checkWellFormed(who, what);
    return who;
  }

  /** True if {@link #checkActor} would accept {@code who}: else no revision can have it. */
  public static boolean couldBeActor(String who) {
    return !who.isBlank() && who.length() <= MAX_NAME_LENGTH
        && who.chars().noneMatch(Character::isISOControl) && isWellFormed(who);
  }

  /**
   * Checks that {@code text} holds no unpaired surrogate: such text cannot be encoded in UTF-8,
   * and PostgreSQL and MariaDB would store something else than what was given.
   *
   * @throws IllegalArgumentException if it does
   */
  public static void checkWellFormed(String text, String what) {
    checkArgument(isWellFormed(text), "%s must not contain unpaired surrogates", what);
  }

  private static boolean isWellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
