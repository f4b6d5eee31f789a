package org.wikicache.examples;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.RequestCost;
import org.wikicache.core.RevisionInfo;
import org.wikicache.examples.web.Templates;

/**
 * Renders the HTML pages: a template over two records, the layout's {@link Frame} (title, who is
 * logged in, the cost footer) and the page's own view record. Error pages too, and JSON errors
 * under {@code /api/}.
 *
 * <pre>{@code
 * views.render(ctx, 200, "page", name.value(), new PageRoutes.PageView(...));
 * }</pre>
 *
 * <p>Thread-safe.
 */
final class Views {
  static final String COST = "wiki.cost";
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** What the layout shows around every page. */
  record Frame(String title, @Nullable Account account, String csrf, @Nullable Cost cost) {}

  /** The logged-in user, for the header. */
  record Account(String name, String path) {}

  /** What this request cost so far, for the footer. */
  record Cost(boolean fromCache, long queries, long hits, long misses) {
    boolean queriesPlural() {
      return queries != 1;
    }
  }

  /** A revision's details, as history, diffs and recent changes show them. */
  record Rev(long number, String author, String authorPath, String time, String comment,
      int length) {
    static Rev of(RevisionInfo r) {
      return new Rev(r.number(), r.author(), Paths.encode(r.author()), TIME.format(r.time()),
          r.comment(), r.length());
    }
  }

  /** The view of an error page. */
  record ErrorView(int status, String message) {}

  private final Templates templates;
  private final Visitors visitors;

  Views(Templates templates, Visitors visitors) {
    this.templates = requireNonNull(templates, "templates");
    this.visitors = requireNonNull(visitors, "visitors");
  }

  /** Renders {@code template} with {@code view} inside the layout, as the answer. */
  void render(Context ctx, int status, String template, String title, Object view) {
    Account account = visitors.session(ctx)
        .map(s -> new Account(s.username(), Paths.encode(s.username()))).orElse(null);
    String csrf = visitors.session(ctx).map(Sessions.Session::csrf).orElse("");
    RequestCost cost = ctx.attribute(COST);
    Cost footer = cost == null ? null : new Cost(cost.servedFromCache(), cost.storeQueries(),
        cost.cacheHits(), cost.cacheMisses());
    String html = templates.render(template, new Frame(title, account, csrf, footer), view);
    ctx.status(status).contentType("text/html; charset=utf-8").header("Cache-Control", "no-store")
        .result(html);
  }

  /** Renders an error page, or {@code {"error": message}} under {@code /api/}. */
  void error(Context ctx, int status, String message) {
    if (ctx.path().startsWith("/api/")) {
      ctx.status(status).json(Map.of("error", message));
      return;
    }
    visitors.sessionIfKnown(ctx);  // when the store is down, the error page is anonymous
    render(ctx, status, "error", "Error " + status, new ErrorView(status, message));
  }
}
