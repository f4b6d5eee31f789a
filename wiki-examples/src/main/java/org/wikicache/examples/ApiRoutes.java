package org.wikicache.examples;

import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.Contributions;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.Revision;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.User;
import org.wikicache.core.Wiki;
import org.wikicache.core.WikiStore;
import org.wikicache.examples.web.Form;
import org.wikicache.examples.web.Router;
import org.wikicache.examples.web.WebError;

/**
 * The read-only JSON API for programs:
 *
 * <pre>
 * GET /api/pages/{page}                       the latest revision
 * GET /api/revisions/{n}/{page}               revision n
 * GET /api/history/{page}?before=&amp;limit=    revisions newest first (keyset paging)
 * GET /api/recent?limit=                      recent changes across the wiki
 * GET /api/contributions/{user}?before=&amp;limit=  a user's revisions newest first (keyset paging)
 * </pre>
 *
 * <p>{@code /api/pages/{page}/revisions/{n}} and {@code /api/pages/{page}/history} work too, but
 * a page name may contain '/': if a page is named {@code {page}/history} (or
 * {@code {page}/revisions/{n}}), that address shows that page, as {@code /api/pages/} promises.
 * The forms above never depend on which pages exist.
 *
 * <p>Search, the index, sub-pages, links and wanted pages have their JSON next to their pages
 * ({@link SearchRoutes}, {@link IndexRoutes}).
 *
 * Times are ISO-8601 instants ({@code 2025-01-01T12:00:00Z}). Errors are {@code {"error": "..."}} with 400 or 404 (other methods: 405). The API is read-only:
 * pages are written through the editor, whose checks (login, CSRF, reserved names, sizes) apply to
 * every write. Thread-safe.
 */
final class ApiRoutes {
  /** A page's latest revision. */
  record PageJson(String name, long revision, String author, String time, String content) {}

  /** One revision with its content. */
  record RevisionJson(String name, long number, long parent, String author, String time,
      String comment, int length, String sha256, String content) {}

  /** One revision without content. */
  record InfoJson(String name, long number, long parent, String author, String time,
      String comment, int length, String sha256) {
    static InfoJson of(RevisionInfo r) {
      return new InfoJson(r.page().value(), r.number(), r.parent(), r.author(),
          r.time().toString(),
          r.comment(), r.length(), r.sha256());
    }
  }

  /** A page of a user's contributions; {@code nextBefore} as in {@link HistoryJson}. */
  record ContributionsJson(String user, List<InfoJson> revisions, @Nullable Long nextBefore) {}

  /** A page of history; {@code nextBefore} is the {@code before} of the next page, if any. */
  record HistoryJson(String name, List<InfoJson> revisions, @Nullable Long nextBefore) {}

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private final Supplier<Wiki> wiki;

  /** @param wiki the wiki, fetched per request (the server may still be opening it) */
  ApiRoutes(Supplier<Wiki> wiki) {
    this.wiki = wiki;
  }

  /** Registers the routes; the more specific ones first, as the page name may contain '/'. */
  void register(Router router) {
    router.get("/api/recent", this::recent);
    router.get("/api/contributions/{name}", this::contributions);
    router.get("/api/history/<page>", ctx -> history(ctx, name(ctx)));
    router.get("/api/revisions/{n}/<page>", ctx -> revision(ctx, name(ctx)));
    router.get("/api/pages/<page>/revisions/{n}", ctx -> {
      if (!servedAsPage(ctx, ctx.pathParam("page") + "/revisions/" + ctx.pathParam("n"))) {
        revision(ctx, name(ctx));
      }
    });
    router.get("/api/pages/<page>/history", ctx -> {
      if (!servedAsPage(ctx, ctx.pathParam("page") + "/history")) {
        history(ctx, name(ctx));
      }
    });
    router.get("/api/pages/<page>", ctx -> {
      PageName name = name(ctx);
      page(ctx, wiki.get().view(name).orElseThrow(() -> WebError.notFound("no page " + name)));
    });
  }

  /** Shows the page named {@code raw}, if there is one (it owns its {@code /api/pages/} address). */
  private boolean servedAsPage(Context ctx, String raw) {
    Optional<Page> page;
    try {
      page = wiki.get().view(PageName.of(raw));
    } catch (IllegalArgumentException e) {
      return false;  // not a name a page could have
    }
    page.ifPresent(p -> page(ctx, p));
    return page.isPresent();
  }

  private static void page(Context ctx, Page p) {
    ctx.json(new PageJson(p.name().value(), p.revision(), p.author(), p.time().toString(),
        p.content()));
  }

  private void revision(Context ctx, PageName name) {
    long n = Form.parseNumber("n", ctx.pathParam("n"));
    Revision r = wiki.get().view(name, n).orElseThrow(() ->
        WebError.notFound("page " + name + " has no revision " + n));
    RevisionInfo i = r.info();
    ctx.json(new RevisionJson(name.value(), i.number(), i.parent(), i.author(),
        i.time().toString(),
        i.comment(), i.length(), i.sha256(), r.content()));
  }

  private void history(Context ctx, PageName name) {
    Form query = Form.query(ctx);
    long before = query.number("before", Long.MAX_VALUE);
    if (before < 1) {
      throw WebError.badRequest("before must be >= 1");
    }
    int limit = limit(query);
    List<RevisionInfo> revisions = wiki.get().history(name, before, limit);
    if (revisions.isEmpty() && query.find("before").isEmpty()) {
      throw WebError.notFound("no page " + name);
    }
    Long next = null;
    if (revisions.size() == limit && revisions.get(limit - 1).number() > 1) {
      next = revisions.get(limit - 1).number();
    }
    ctx.json(new HistoryJson(name.value(),
        revisions.stream().map(InfoJson::of).toList(), next));
  }

  private void recent(Context ctx) {
    ctx.json(wiki.get().recentChanges(limit(Form.query(ctx))).stream().map(InfoJson::of)
        .toList());
  }

  private void contributions(Context ctx) {
    String name = ctx.pathParam("name");
    Form query = Form.query(ctx);
    long before = query.number("before", Long.MAX_VALUE);
    if (before < 1) {
      throw WebError.badRequest("before must be >= 1");
    }
    int limit = limit(query);
    if (name.length() > AccountRoutes.MAX_USERNAME_CHARS) {
      throw WebError.notFound("no user " + name);
    }
    User user = wiki.get().users().findByName(name).orElseThrow(() ->
        WebError.notFound("no user " + name));
    Contributions page = wiki.get().contributions(user.username(), before, limit);
    ctx.json(new ContributionsJson(user.username(),
        page.revisions().stream().map(InfoJson::of).toList(),
        page.hasMore() ? page.next() : null));
  }

  private static int limit(Form query) {
    long limit = query.number("limit", DEFAULT_LIMIT);
    if (limit < 1 || limit > Math.min(MAX_LIMIT, WikiStore.MAX_LIMIT)) {
      throw WebError.badRequest("limit must be between 1 and " + MAX_LIMIT);
    }
    return (int) limit;
  }

  private static PageName name(Context ctx) {
    return PageNames.parse(ctx.pathParam("page"));
  }
}
