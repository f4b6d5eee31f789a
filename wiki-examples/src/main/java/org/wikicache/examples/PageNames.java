package org.wikicache.examples;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.wikicache.core.PageName;
import org.wikicache.examples.web.WebError;

/**
 * The server's rules for page names on top of {@link PageName}'s (which the store and the cache
 * keys share): a page may not be created or saved under a name whose first segment a route owns
 * ({@code login}, {@code signup}, {@code logout}, {@code api}, in any case), since the route would
 * always win and the page could never be viewed. The owned names come from the routes themselves
 * ({@link org.wikicache.examples.web.Router#ownedSegments}), so a route added later is protected
 * too. Names starting with {@code _}, the prefix of the other routes, are refused by {@link
 * PageName} already.
 *
 * <pre>{@code
 * PageName name = pageNames.parse(ctx.pathParam("page"));   // 400 if invalid
 * pageNames.checkWritable(name);                            // 400 if a route owns it
 * }</pre>
 *
 * <p>Thread-safe.
 */
final class PageNames {
  private final Supplier<Set<String>> owned;

  /** @param owned the lower-cased first segments that routes own */
  PageNames(Supplier<Set<String>> owned) {
    this.owned = requireNonNull(owned, "owned");
  }

  /**
   * The page name in a URL path.
   *
   * @throws WebError 400 naming the rule the name breaks
   */
  static PageName parse(String raw) {
    try {
      return PageName.of(raw);
    } catch (IllegalArgumentException e) {
      throw WebError.badRequest("That is not a valid page name: " + e.getMessage() + ".");
    }
  }

  /** True if a route owns the first segment of {@code name}. */
  boolean reserved(PageName name) {
    String first = name.segments().get(0).toLowerCase(Locale.ROOT);
    return owned.get().contains(first);
  }

  /** Why {@code name} cannot be saved, for error messages. */
  static String reservedMessage(PageName name) {
    return "The name " + name + " is reserved: /" + name.segments().get(0)
        + " is one of the wiki's own addresses, so a page there could never be shown. "
        + "Choose another name; nothing was saved.";
  }

  /**
   * Checks that {@code name} may be created or saved.
   *
   * @throws WebError 400 if a route owns it
   */
  void checkWritable(PageName name) {
    if (reserved(name)) {
      throw WebError.badRequest(reservedMessage(name));
    }
  }
}
