package org.wikicache.examples;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import org.wikicache.core.PageName;
import org.wikicache.examples.web.Form;
import org.wikicache.examples.web.Router;

/**
 * Finding pages: the index of all pages ({@code /_index}), a page's sub-pages
 * ({@code /_subpages/{page}}), what links to a page ({@code /_links/{page}}) and the wanted
 * pages, linked to but missing ({@code /_wanted}); each keyset-paged with {@code ?after=Name},
 * and each also as JSON under {@code /api/} ({@code ?after=&limit=}, answering
 * {@code {"pages": [...], "next": "Name" or null}}).
 *
 * <p>Thread-safe.
 */
final class IndexRoutes {
  private final Services services;

  IndexRoutes(Services services) {
    this.services = requireNonNull(services, "services");
  }

  void register(Router router) {
    router.get("/_index", this::index);
    router.get("/_subpages/<page>", this::subpages);
    router.get("/_links/<page>", this::links);
    router.get("/_wanted", this::wanted);
    router.get("/api/index", ctx -> ctx.json(Listing.fetch(Form.query(ctx),
        Listing.apiLimit(Form.query(ctx)), services.wiki()::listPages).json()));
    router.get("/api/subpages/<page>", ctx -> {
      PageName parent = PageNames.parse(ctx.pathParam("page"));
      ctx.json(Listing.fetch(Form.query(ctx), Listing.apiLimit(Form.query(ctx)),
          (after, limit) -> services.wiki().subpages(parent, after, limit)).json());
    });
    router.get("/api/links/<page>", ctx -> {
      PageName target = PageNames.parse(ctx.pathParam("page"));
      ctx.json(Listing.fetch(Form.query(ctx), Listing.apiLimit(Form.query(ctx)),
          (after, limit) -> services.wiki().linksTo(target, after, limit)).json());
    });
    router.get("/api/wanted", ctx -> ctx.json(Listing.fetch(Form.query(ctx),
        Listing.apiLimit(Form.query(ctx)), services.wiki()::wantedPages).json()));
  }

  private void index(Context ctx) {
    Form query = Form.query(ctx);
    Listing page = Listing.fetch(query, Listing.PAGE, services.wiki()::listPages);
    render(ctx, "All pages", page.view("All pages", null, "/_index",
        query.find("after").isPresent(), "No pages yet.", Listing::link));
  }

  private void subpages(Context ctx) {
    PageName parent = PageNames.parse(ctx.pathParam("page"));
    Form query = Form.query(ctx);
    Listing page = Listing.fetch(query, Listing.PAGE,
        (after, limit) -> services.wiki().subpages(parent, after, limit));
    render(ctx, "Sub-pages of " + parent, page.view("Sub-pages of " + parent,
        "Pages whose names start with " + parent + "/.", "/_subpages/" + Paths.encode(parent),
        query.find("after").isPresent(), "No sub-pages.", Listing::link));
  }

  private void links(Context ctx) {
    PageName target = PageNames.parse(ctx.pathParam("page"));
    Form query = Form.query(ctx);
    Listing page = Listing.fetch(query, Listing.PAGE,
        (after, limit) -> services.wiki().linksTo(target, after, limit));
    render(ctx, "What links to " + target, page.view("What links to " + target,
        "Pages whose latest revision has a [[" + target + "]] link.",
        "/_links/" + Paths.encode(target), query.find("after").isPresent(),
        "No page links here.", Listing::link));
  }

  private void wanted(Context ctx) {
    Form query = Form.query(ctx);
    Listing page = Listing.fetch(query, Listing.PAGE, services.wiki()::wantedPages);
    render(ctx, "Wanted pages", page.view("Wanted pages",
        "Pages that are linked to but do not exist: follow one to create it.", "/_wanted",
        query.find("after").isPresent(), "No wanted pages.",
        name -> new Listing.Item(name.value(), Paths.encode(name), true, "what links here",
            "/_links/" + Paths.encode(name))));
  }

  private void render(Context ctx, String title, Listing.View view) {
    services.views().render(ctx, 200, "listing", title, view);
  }
}
