package org.wikicache.cache;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.hash.Hashing;
import java.util.Base64;
import java.util.Locale;
import org.wikicache.core.PageName;

/**
 * The memcache keys of the caching layer: namespaced and versioned ({@code wiki:v1:page:Main}),
 * so a new value format only needs a new version, and several applications can share a cluster.
 *
 * <p>A name that would make an illegal memcache key (longer than 250 bytes with its prefix, or
 * holding a space or a control character) is replaced by the SHA-256 of itself, under a kind of
 * its own ({@code page#}) so a hashed key can never equal the key of another literal name. Names
 * are always the last part of a key, after any number, so no two (kind, number, name) triples
 * share a key. Memcache keys can therefore never be injected through page or user names.
 *
 * <p>Stateless and thread-safe.
 */
public final class CacheKeys {
  /** The prefix of every key; bump the version when any value format changes. */
  public static final String PREFIX = "wiki:v1:";
  private static final int MAX_KEY_BYTES = 250;

  private CacheKeys() {}

  /** The latest revision of a page (or the "no such page" marker). */
  public static String page(PageName name) {
    return named("page", "", name.value());
  }

  /** Revision {@code number} of a page: immutable, cached without expiry. */
  public static String revision(PageName name, long number) {
    return named("rev", number + ":", name.value());
  }

  /**
   * A value derived from revision {@code number} of a page, such as its rendered HTML: it never
   * goes stale, because the revision never changes.
   *
   * @param kind a short lowercase word naming the derived value, e.g. {@code html}
   */
  public static String derived(String kind, PageName name, long number) {
    checkKind(kind);
    return named("d-" + kind, number + ":", name.value());
  }

  /** The write counter of a page, read by batch fills to detect a concurrent edit. */
  public static String pageWrites(PageName name) {
    return named("wrote", "", name.value());
  }

  /** A user by id. */
  public static String userById(long id) {
    return PREFIX + "user:" + id;
  }

  /** A user by username (case-insensitive). */
  public static String userByName(String username) {
    return named("user-name", "", username.toLowerCase(Locale.ROOT));
  }

  /** The generation counter of the landing queries (recent changes, page index). */
  public static String landingGeneration() {
    return PREFIX + "landing-gen";
  }

  /** A landing query's result in one generation, e.g. {@code landing("recent", gen, "50")}. */
  public static String landing(String kind, long generation, String parameters) {
    checkKind(kind);
    return named("l-" + kind, Long.toUnsignedString(generation) + ":", parameters);
  }

  /**
   * A key of the caller's own, under this layer's prefix; hashed if it would be illegal.
   *
   * @param kind a short lowercase word for the kind of value
   * @param name any string
   */
  public static String custom(String kind, String name) {
    checkKind(kind);
    return named("c-" + kind, "", name);
  }

  private static String named(String kind, String infix, String name) {
    String key = PREFIX + kind + ":" + infix + name;
    if (key.getBytes(UTF_8).length <= MAX_KEY_BYTES && isPlain(name)) {
      return key;
    }
    String hash = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(Hashing.sha256().hashString(name, UTF_8).asBytes());
    return PREFIX + kind + "#:" + infix + hash;
  }

  private static boolean isPlain(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c == 0x7f || Character.isISOControl(c) || Character.isSpaceChar(c)) {
        return false;
      }
    }
    return true;
  }

  private static void checkKind(String kind) {
    if (!kind.matches("[a-z][a-z0-9-]{0,15}")) {
      throw new IllegalArgumentException(
          "kind must be 1-16 lowercase letters, digits or '-', starting with a letter: " + kind);
    }
  }
}
