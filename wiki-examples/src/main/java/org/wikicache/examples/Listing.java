package org.wikicache.examples;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.PageName;
import org.wikicache.examples.web.Form;
import org.wikicache.examples.web.WebError;

/**
 * One page of a keyset-paged list of page names ({@code ?after=Name}), as the index, sub-pages,
 * "what links here" and wanted pages show it: the parameters read with bounds, one more name
 * fetched than shown to know whether there is a next page, and the view the {@code listing}
 * template renders.
 *
 * <p>Thread-safe (immutable).
 *
 * @param names the names shown, at most the page size
 * @param next the {@code after} of the next page, or null on the last page
 */
record Listing(List<PageName> names, @Nullable PageName next) {
  /** How many names an HTML listing shows. */
  static final int PAGE = 100;
  /** The API's default and largest {@code limit}. */
  static final int API_DEFAULT = 100;
  static final int API_MAX = 500;

  /** What the {@code listing} template shows. */
  record View(String heading, @Nullable String intro, List<Item> items, @Nullable String next,
      boolean paged, String first, String empty) {}

  /** One name in a listing; {@code missing} ones link to the editor, in red. */
  record Item(String name, String path, boolean missing, @Nullable String note,
      @Nullable String notePath) {}

  /** The names in JSON, and the {@code after} of the next page (null on the last page). */
  record Json(List<String> pages, @Nullable String next) {}

  /**
   * Fetches one page of {@code size} names after the request's {@code ?after=}.
   *
   * @param fetch given {@code after} (null for the first page) and a limit, the names
   * @throws WebError 400 if {@code after} is not a page name
   */
  static Listing fetch(Form query, int size, Fetch fetch) {
    PageName after = after(query);
    List<PageName> found = fetch.names(after, size + 1);
    return found.size() > size
        ? new Listing(List.copyOf(found.subList(0, size)), found.get(size - 1))
        : new Listing(List.copyOf(found), null);
  }

  /** A keyset query: names after {@code after}, at most {@code limit}. */
  @FunctionalInterface
  interface Fetch {
    List<PageName> names(@Nullable PageName after, int limit);
  }

  /**
   * The {@code ?after=} of a request, or null if absent.
   *
   * @throws WebError 400 if it is present but not a page name
   */
  static @Nullable PageName after(Form query) {
    String raw = query.find("after").orElse(null);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      return PageName.of(raw);
    } catch (IllegalArgumentException e) {
      throw WebError.badRequest("after must be a page name: " + e.getMessage() + ".");
    }
  }

  /**
   * The API's {@code ?limit=}: {@value #API_DEFAULT} if absent.
   *
   * @throws WebError 400 unless it is between 1 and {@value #API_MAX}
   */
  static int apiLimit(Form query) {
    long limit = query.number("limit", API_DEFAULT);
    if (limit < 1 || limit > API_MAX) {
      throw WebError.badRequest("limit must be between 1 and " + API_MAX);
    }
    return (int) limit;
  }

  /** This page as JSON. */
  Json json() {
    return new Json(names.stream().map(PageName::value).toList(),
        next == null ? null : next.value());
  }

  /**
   * This page as the {@code listing} template's view.
   *
   * @param base the listing's path, to which {@code ?after=} is added
   * @param item how to show each name
   */
  View view(String heading, @Nullable String intro, String base, boolean paged, String empty,
      Function<PageName, Item> item) {
    return new View(heading, intro, names.stream().map(item).toList(),
        next == null ? null : base + "?after=" + Paths.encode(next.value()),
        paged, base, empty);
  }

  /** A name linking to its page. */
  static Item link(PageName name) {
    return new Item(name.value(), Paths.encode(name), false, null, null);
  }
}
