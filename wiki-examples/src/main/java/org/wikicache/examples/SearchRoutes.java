package org.wikicache.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.PageName;
import org.wikicache.core.SearchHit;
import org.wikicache.core.WikiStore;
import org.wikicache.examples.web.Form;
import org.wikicache.examples.web.Router;
import org.wikicache.examples.web.WebError;

/**
 * Full-text search: {@code /_search?q=words&page=N} (twenty results a page, snippets escaped),
 * and {@code /api/search?q=&offset=&limit=} as JSON. The query is at most {@value
 * WikiStore#MAX_SEARCH_QUERY_LENGTH} characters and results go at most {@value
 * WikiStore#MAX_SEARCH_RESULTS} deep (the store's bounds); past either, a 400. If the query is a
 * page name, the results page also links to that page, or offers to create it.
 *
 * <p>Thread-safe.
 */
final class SearchRoutes {
  static final int PAGE = 20;
  static final int LAST_PAGE = WikiStore.MAX_SEARCH_RESULTS / PAGE;
  static final int API_DEFAULT = 20;
  static final int API_MAX = 100;

  /** One result. */
  record Hit(String name, String path, long revision, String snippet) {
    static Hit of(SearchHit h) {
      return new Hit(h.page().value(), Paths.encode(h.page()), h.revision(), h.snippet());
    }
  }

  /** The query typed, its results, and the pager; {@code exact} is the page the query names. */
  record SearchView(String q, boolean searched, List<Hit> hits, int page,
      @Nullable String previous, @Nullable String next, @Nullable Exact exact) {
    /** The number of the first result shown. */
    int first() {
      return (page - 1) * PAGE + 1;
    }
  }

  /** The page the query names: a link to it, or to create it. */
  record Exact(String name, String path, boolean exists) {}

  /** The JSON answer. */
  record Json(String q, int offset, List<Hit> hits) {}

  private final Services services;

  SearchRoutes(Services services) {
    this.services = requireNonNull(services, "services");
  }

  void register(Router router) {
    router.get("/_search", this::search);
    router.get("/api/search", this::api);
  }

  private void search(Context ctx) {
    Form query = Form.query(ctx);
    String q = query(query);
    long page = query.number("page", 1);
    if (page < 1 || page > LAST_PAGE) {
      throw WebError.badRequest("page must be between 1 and " + LAST_PAGE + ".");
    }
    if (q.isEmpty()) {
      services.views().render(ctx, 200, "search", "Search",
          new SearchView("", false, List.of(), 1, null, null, null));
      return;
    }
    int offset = (int) (page - 1) * PAGE;
    int limit = Math.min(PAGE + 1, WikiStore.MAX_SEARCH_RESULTS - offset);
    List<SearchHit> found = services.wiki().search(q, offset, limit);
    List<Hit> hits = found.stream().limit(PAGE).map(Hit::of).toList();
    String base = "/_search?q=" + URLEncoder.encode(q, UTF_8);
    services.views().render(ctx, 200, "search", "Search: " + q, new SearchView(q, true, hits,
        (int) page, page > 1 ? base + "&page=" + (page - 1) : null,
        found.size() > PAGE ? base + "&page=" + (page + 1) : null, exact(q)));
  }

  private @Nullable Exact exact(String q) {
    PageName name;
    try {
      name = PageName.of(q);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (services.pageNames().reserved(name)) {
      return null;
    }
    boolean exists = services.wiki().view(name).isPresent();
    return new Exact(name.value(), Paths.encode(name), exists);
  }

  private void api(Context ctx) {
    Form query = Form.query(ctx);
    String q = query(query);
    long offset = query.number("offset", 0);
    long limit = query.number("limit", API_DEFAULT);
    if (limit < 1 || limit > API_MAX) {
      throw WebError.badRequest("limit must be between 1 and " + API_MAX);
    }
    if (offset > WikiStore.MAX_SEARCH_RESULTS - limit) {  // not offset + limit: it can wrap
      throw WebError.badRequest("offset + limit must be at most "
          + WikiStore.MAX_SEARCH_RESULTS);
    }
    List<Hit> hits = q.isEmpty() ? List.of()
        : services.wiki().search(q, (int) offset, (int) limit).stream().map(Hit::of).toList();
    ctx.json(new Json(q, (int) offset, hits));
  }

  /**
   * The {@code q} parameter, stripped.
   *
   * @throws WebError 400 if it is too long
   */
  private static String query(Form query) {
    String q = query.get("q").strip();
    if (q.length() > WikiStore.MAX_SEARCH_QUERY_LENGTH) {
      throw WebError.badRequest("The search is too long: at most "
          + WikiStore.MAX_SEARCH_QUERY_LENGTH + " characters.");
    }
    return q;
  }
}
