package org.wikicache.examples;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.Comparison;
import org.wikicache.core.EditConflictException;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.RevisionInfo;
import org.wikicache.examples.web.Form;
import org.wikicache.examples.web.Router;
import org.wikicache.examples.web.WebError;

/**
 * A page's past: its history ({@code /_history/{page}}, paged with {@code ?before=N}), the
 * difference between two revisions ({@code /_diff/{page}?from=A&to=B}), reverting to an old
 * revision ({@code POST /_revert/{page}}) and the wiki's recent changes ({@code /_recent}).
 *
 * <p>Diffs are bounded ({@link LineDiff}); a large one also enters the server's gate, so only a
 * few run at once ({@link Services#diff}).
 *
 * <p>Thread-safe.
 */
final class HistoryRoutes {
  static final int HISTORY_PAGE = 20;
  static final int RECENT = 50;
  static final long SMALL_FORM = 16 * 1024;

  /** One row of a history page. */
  record HistoryRow(Views.Rev rev, @Nullable Long previous, boolean latest, boolean revertable) {}

  /**
   * A page of history, newest first; {@code older} is the {@code before} of the next page, and
   * {@code base} the page's latest revision, which a revert from here expects.
   */
  record HistoryView(String name, String path, List<HistoryRow> revisions, @Nullable Long older,
      boolean paged, long base) {}

  /** The difference between two revisions of a page. */
  record DiffView(String name, String path, Views.Rev from, Views.Rev to, LineDiff.Result diff) {}

  /** One row of recent changes. */
  record RecentRow(String name, String path, Views.Rev rev, @Nullable Long previous) {}

  /** The recent changes across the wiki. */
  record RecentView(List<RecentRow> changes) {}

  private final Services services;

  HistoryRoutes(Services services) {
    this.services = requireNonNull(services, "services");
  }

  void register(Router router) {
    router.get("/_history/<page>", this::history);
    router.post("/_revert/<page>", SMALL_FORM, this::revert);
    router.get("/_diff/<page>", this::diff);
    router.get("/_recent", this::recent);
  }

  private void history(Context ctx) {
    PageName name = PageNames.parse(ctx.pathParam("page"));
    Form query = Form.query(ctx);
    boolean paged = query.find("before").isPresent();
    long before = query.number("before", Long.MAX_VALUE);
    if (before < 1) {
      throw WebError.badRequest("before must be at least 1.");
    }
    List<RevisionInfo> revisions = services.wiki().history(name, before, HISTORY_PAGE);
    if (revisions.isEmpty() && !paged) {
      throw WebError.notFound("There is no page called " + name + ".");
    }
    boolean loggedIn = services.visitors().session(ctx).isPresent();
    List<HistoryRow> rows = new ArrayList<>();
    for (int i = 0; i < revisions.size(); i++) {
      RevisionInfo r = revisions.get(i);
      boolean latest = !paged && i == 0;
      rows.add(new HistoryRow(Views.Rev.of(r), r.number() > 1 ? r.number() - 1 : null, latest,
          loggedIn && !latest));
    }
    RevisionInfo last = revisions.isEmpty() ? null : revisions.get(revisions.size() - 1);
    Long older = revisions.size() == HISTORY_PAGE && last.number() > 1 ? last.number() : null;
    long base = !paged ? revisions.get(0).number()
        : services.wiki().view(name).map(Page::revision).orElse(0L);
    services.views().render(ctx, 200, "history", "History of " + name,
        new HistoryView(name.value(), Paths.encode(name), rows, older, paged, base));
  }

  private void revert(Context ctx, Form form) {
    PageName name = PageNames.parse(ctx.pathParam("page"));
    Optional<Sessions.Session> session = services.visitors().session(ctx);
    if (session.isEmpty()) {
      Visitors.redirectToLogin(ctx);
      return;
    }
    Visitors.requireCsrf(session.get(), form);
    services.pageNames().checkWritable(name);
    long number = form.number("v");
    if (number < 1) {
      throw WebError.notFound("Page " + name + " has no revision 0.");
    }
    long base = form.number("base", 0);  // 0: a form from before forms carried it
    try {
      String by = session.get().username();
      if (base == 0) {
        services.wiki().revert(name, number, by);
      } else {
        services.wiki().revert(name, number, base, by);
      }
    } catch (EditConflictException e) {
      throw new WebError(409, "Someone saved " + name + " (revision " + e.currentRevision()
          + ") after you opened its history; nothing was reverted. Look at the history and try"
          + " again.");
    } catch (IllegalArgumentException e) {
      throw WebError.notFound("Page " + name + " has no revision " + number + ".");
    }
    ctx.redirect("/_history/" + Paths.encode(name), HttpStatus.SEE_OTHER);
  }

  /** Which of the two revisions of a diff {@code name} lacks (one read, only on a 404). */
  private String missing(PageName name, long from, long to) {
    long latest = services.wiki().view(name).map(Page::revision).orElse(0L);
    if (latest == 0) {
      return "There is no page called " + name + ".";
    }
    boolean fromMissing = from < 1 || from > latest;
    boolean toMissing = to < 1 || to > latest;
    String which = fromMissing == toMissing ? "revisions " + from + " and " + to
        : "revision " + (fromMissing ? from : to);
    return "Page " + name + " has no " + which + " (its revisions are 1 to " + latest + ").";
  }

  private void diff(Context ctx) {
    PageName name = PageNames.parse(ctx.pathParam("page"));
    Form query = Form.query(ctx);
    long to = query.number("to");
    long from = query.number("from", to - 1);
    Optional<Comparison> found = from < 1 || to < 1 ? Optional.empty()
        : services.wiki().compare(name, from, to);
    Comparison c = found.orElseThrow(() -> WebError.notFound(missing(name, from, to)));
    String a = c.from().content();
    String b = c.to().content();
    LineDiff.Result diff = services.diff(a, b);
    services.views().render(ctx, 200, "diff", "Changes to " + name, new DiffView(name.value(),
        Paths.encode(name), Views.Rev.of(c.from().info()), Views.Rev.of(c.to().info()), diff));
  }

  private void recent(Context ctx) {
    List<RecentRow> rows = services.wiki().recentChanges(RECENT).stream()
        .map(r -> new RecentRow(r.page().value(), Paths.encode(r.page()), Views.Rev.of(r),
            r.number() > 1 ? r.number() - 1 : null))
        .toList();
    services.views().render(ctx, 200, "recent", "Recent changes", new RecentView(rows));
  }
}
