package org.wikicache.examples;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.Edit;
import org.wikicache.core.MoveConflictException;
import org.wikicache.core.MovedPage;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.PermissionDeniedException;
import org.wikicache.core.User;
import org.wikicache.examples.web.Form;
import org.wikicache.examples.web.Router;
import org.wikicache.examples.web.WebError;

/**
 * Renaming a page: {@code GET /_move/{page}} shows the form (to logged-in users), {@code POST
 * /_move/{page}} (with the session's CSRF token; fields {@code to}, {@code subpages},
 * {@code comment}, and {@code base}, the revision the form was opened at) moves the page, with
 * its sub-pages if asked, keeping its history and leaving a redirect at the old name. A taken
 * name, or a page that changed after the form was opened (someone else moved it, say), is
 * refused (409) and a bad name is a 400, with the form and what was typed; blocked users, and
 * anyone but admins for protected pages, get a 403.
 *
 * <p>Thread-safe.
 */
final class MoveRoutes {
  static final long SMALL_FORM = 16 * 1024;

  /** The move form, with what was typed and what went wrong. */
  record MoveView(String name, String path, String to, boolean subpages, String comment,
      @Nullable String error, long base) {}

  private final Services services;

  MoveRoutes(Services services) {
    this.services = requireNonNull(services, "services");
  }

  void register(Router router) {
    router.get("/_move/<page>", this::form);
    router.post("/_move/<page>", SMALL_FORM, this::move);
  }

  private void form(Context ctx) {
    PageName name = PageNames.parse(ctx.pathParam("page"));
    if (services.visitors().session(ctx).isEmpty()) {
      Visitors.redirectToLogin(ctx);
      return;
    }
    long latest = latest(name);
    if (latest == 0) {
      throw WebError.notFound("There is no page called " + name + ".");
    }
    services.views().render(ctx, 200, "move", "Moving " + name,
        new MoveView(name.value(), Paths.encode(name), name.value(), false, "", null, latest));
  }

  private void move(Context ctx, Form form) {
    PageName from = PageNames.parse(ctx.pathParam("page"));
    String rawTo = form.get("to").strip();
    boolean subpages = !form.get("subpages").isEmpty();
    String comment = form.get("comment").strip();
    long base;
    try {
      base = form.number("base", 0);  // 0: a form from before forms carried it
    } catch (WebError bad) {
      base = -1;
    }
    long seen = base;
    Refusal refuse = (status, error) -> services.views().render(ctx, status, "move",
        "Moving " + from, new MoveView(from.value(), Paths.encode(from), rawTo, subpages, comment,
            error, seen > 0 ? seen : latest(from)));
    if (services.visitors().session(ctx).isEmpty()) {  // the form comes back as filled in
      refuse.show(403, "You are not logged in (your session may have ended), so nothing was"
          + " moved. Log in in another tab, then move again.");
      return;
    }
    User actor;
    try {
      actor = services.visitors().actor(ctx, form).orElseThrow();  // a session, as just checked
    } catch (WebError refused) {  // an out-of-date token, or an account that is gone
      refuse.show(refused.status(), refused.getMessage());
      return;
    }
    if (base < 0) {
      refuse.show(400, "The form's revision number is not a number: nothing was moved. Check"
          + " the page, then move it again.");
      return;
    }
    PageName to;
    try {
      to = PageName.of(rawTo);
    } catch (IllegalArgumentException e) {
      refuse.show(400, "That is not a valid page name: " + e.getMessage() + ".");
      return;
    }
    if (services.pageNames().reserved(to)) {
      refuse.show(400, PageNames.reservedMessage(to));
      return;
    }
    if (comment.length() > Edit.MAX_COMMENT_LENGTH) {
      refuse.show(400, "The reason is too long: at most " + Edit.MAX_COMMENT_LENGTH
          + " characters.");
      return;
    }
    List<MovedPage> moved;
    try {
      moved = services.wiki().move(actor, from, to, subpages, comment, base);
    } catch (MoveConflictException e) {
      if (!e.page().equals(from)) {
        refuse.show(409, "There is already a page (or a deleted page) called " + e.page()
            + ": nothing was moved. Choose another name.");
        return;
      }
      long now = latest(from);
      if (base > 0 && now > 0 && now != base) {  // changed: the form shows it as it is now
        services.views().render(ctx, 409, "move", "Moving " + from, new MoveView(from.value(),
            Paths.encode(from), rawTo, subpages, comment, "Nothing was moved: " + e.getMessage()
                + ". Look at the page as it is now, then move it again if you still want to.",
            now));
      } else {
        refuse.show(409, "Nothing was moved: " + e.getMessage() + ".");  // gone, or too big
      }
      return;
    } catch (PermissionDeniedException e) {
      refuse.show(403, e.getMessage() + ". Nothing was moved.");
      return;
    } catch (IllegalArgumentException e) {
      refuse.show(400, e.getMessage() + ". Nothing was moved.");
      return;
    }
    ctx.redirect("/" + Paths.encode(moved.get(0).to()), HttpStatus.SEE_OTHER);
  }

  /** The latest revision of {@code name}, 0 if there is no such page. */
  private long latest(PageName name) {
    return services.wiki().view(name).map(Page::revision).orElse(0L);
  }

  /** Shows the form again with an error. */
  @FunctionalInterface
  private interface Refusal {
    void show(int status, String error);
  }
}
