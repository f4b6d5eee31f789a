package org.wikicache.cache;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.hash.Hashing;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.wikicache.core.ChangeLog.Change;
import org.wikicache.core.PageName;

/**
 * The memcache keys of one caching layer: {@code <namespace>:<epoch>:v2:<kind>:<name>}. The
 * namespace keeps several wikis apart on one memcached; the epoch, shared by every process of the
 * namespace through the key {@code <namespace>:epoch}, changes when the namespace is flushed; the
 * version changes with any value format.
 *
 * <p>A name that would make an illegal memcache key (longer than 250 bytes with its prefix, or
 * holding a space or a control character) is replaced by the SHA-256 of itself, under a kind of
 * its own ({@code page#}), so a hashed key can never equal the key of another literal name. Names
 * are always the last part of a key, after any number, and namespaces hold no {@code ':'}, so no
 * two (namespace, kind, number, name) tuples share a key. Memcache keys can therefore never be
 * injected through page or user names.
 *
 * <p>A name is keyed exactly as the database identifies it: page names as stored (NFC, validated
 * by {@link PageName}), usernames lower-cased as the stores compare them.
 *
 * <p>Immutable and thread-safe.
 */
final class CacheKeys {
  /** What a namespace may be: 1–64 letters, digits, {@code _}, {@code -} or {@code .}. */
  static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,15}");
  private static final int MAX_KEY_BYTES = 250;

  private static final Pattern EPOCH = Pattern.compile("[0-9a-z]{1,13}");

  private final String namespace;
  private final String epoch;
  private final String prefix;

  CacheKeys(String namespace, String epoch) {
    if (!NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "namespace must be 1-64 letters, digits, '_', '-' or '.': " + namespace);
    }
    if (!EPOCH.matcher(epoch).matches()) {
      throw new IllegalArgumentException("epoch must be 1-13 lowercase letters or digits");
    }
    this.namespace = namespace;
    this.epoch = epoch;
    this.prefix = namespace + ":" + epoch + ":v2:";
  }

  /** A new random epoch. */
  static String newEpoch() {
    return Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE,
        36);
  }

  /** Whether {@code bytes} hold a valid epoch. */
  static boolean isEpoch(String value) {
    return EPOCH.matcher(value).matches();
  }

  /** The key that holds the current epoch of {@code namespace}. */
  static String epochKey(String namespace) {
    return namespace + ":epoch";
  }

  String namespace() {
    return namespace;
  }

  String epoch() {
    return epoch;
  }

  /** The latest revision of a page (or the "no such page" marker). */
  String page(PageName name) {
    return named("page", "", name.value());
  }

  /** Revision {@code number} of a page: immutable (under its revision generation). */
  String revision(PageName name, long number) {
    return named("rev", number + ":", name.value());
  }

  /** A value derived from revision {@code number} of a page, such as its rendered HTML. */
  String derived(String kind, PageName name, long number) {
    checkKind(kind);
    return named("d-" + kind, number + ":", name.value());
  }

  /**
   * The write token of a page: a random value that batch fills record in their entries, and that
   * every change of the page deletes, so an entry filled before the change never validates again.
   */
  String writeToken(PageName name) {
    return named("token", "", name.value());
  }

  /** A user by id. */
  String userById(long id) {
    return prefix + "user:" + id;
  }

  /** A user by username (as the stores compare them: lower-cased). */
  String userByName(String username) {
    return named("user-name", "", username.toLowerCase(Locale.ROOT));
  }

  /** A session, by the SHA-256 of its token in hex (never the token). */
  String session(String tokenHash) {
    return prefix + "session:" + tokenHash;
  }

  /**
   * The generation of a page's revisions: part of every revision key of the page, deleted when
   * its revisions are renamed away, archived or restored (a missing one restarts at random).
   */
  String revisionGeneration(PageName name) {
    return named("rev-gen", "", name.value());
  }

  /** Revision {@code number} of a page, in revision generation {@code generation}. */
  String revision(PageName name, long generation, long number) {
    return named("rev", Long.toUnsignedString(generation) + ":" + number + ":", name.value());
  }

  /** Whether a page is protected. */
  String protection(PageName name) {
    return named("prot", "", name.value());
  }

  /** Whether a user is blocked from editing (usernames lower-cased). */
  String block(String username) {
    return named("block", "", username.toLowerCase(Locale.ROOT));
  }

  /** The generation of the landing queries (recent changes, page index). */
  String landingGeneration() {
    return prefix + "landing-gen";
  }

  /** A landing query's result in one generation, e.g. {@code landing("recent", gen, "50")}. */
  String landing(String kind, long generation, String parameters) {
    checkKind(kind);
    return named("l-" + kind, Long.toUnsignedString(generation) + ":", parameters);
  }

  /** A key of the caller's own, under this layer's prefix; hashed if it would be illegal. */
  String custom(String kind, String name) {
    checkKind(kind);
    return named("c-" + kind, "", name);
  }

  /** Every key whose value {@code change} makes obsolete. */
  List<String> obsoletedBy(Change change) {
    return switch (change.kind()) {
      case PAGE -> {
        PageName name = PageName.of(change.subject());
        yield List.of(page(name), writeToken(name), landingGeneration());
      }
      case USER -> List.of(userById(Long.parseLong(change.subject())));
      case USERNAME -> List.of(userByName(change.subject()));
      case SESSION -> List.of(session(change.subject()));
      case REVISIONS -> List.of(revisionGeneration(PageName.of(change.subject())));
      case PROTECTION -> List.of(protection(PageName.of(change.subject())));
      case BLOCK -> List.of(block(change.subject()));
    };
  }

  /** The keys {@code changes} make obsolete, each once. */
  List<String> obsoletedBy(Iterable<Change> changes) {
    java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
    for (Change change : changes) {
      keys.addAll(obsoletedBy(change));
    }
    return new ArrayList<>(keys);
  }

  private String named(String kind, String infix, String name) {
    int bytes = utf8LengthIfPlain(name);
    if (bytes >= 0 && prefix.length() + kind.length() + 1 + infix.length() + bytes
        <= MAX_KEY_BYTES) {
      return prefix + kind + ":" + infix + name;  // prefix, kind and infix are ASCII
    }
    String hash = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(Hashing.sha256().hashString(name, UTF_8).asBytes());
    return prefix + kind + "#:" + infix + hash;
  }

  /**
   * The UTF-8 length of {@code name}, or -1 if it holds a space or a control character (or an
   * unpaired surrogate): one pass, no copy, since this runs on every cache lookup.
   */
  private static int utf8LengthIfPlain(String name) {
    int bytes = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x80) {
        if (c <= ' ' || c == 0x7f) {
          return -1;
        }
        bytes++;
      } else if (Character.isISOControl(c) || Character.isSpaceChar(c)) {
        return -1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < name.length()
          && Character.isLowSurrogate(name.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        return -1;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static void checkKind(String kind) {
    if (!KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException(
          "kind must be 1-16 lowercase letters, digits or '-', starting with a letter: " + kind);
    }
  }
}
