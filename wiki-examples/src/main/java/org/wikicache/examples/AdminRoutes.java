package org.wikicache.examples;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.DeletedPage;
import org.wikicache.core.PageName;
import org.wikicache.core.User;
import org.wikicache.examples.web.Form;
import org.wikicache.examples.web.Router;
import org.wikicache.examples.web.WebError;

/**
 * What admins do: delete a page into the archive ({@code GET /_delete/{page}} asks, {@code POST}
 * does it), list the archive ({@code /_deleted?after=}) and restore from it ({@code POST
 * /_restore/{page}}), protect a page or lift its protection ({@code POST /_protect/{page}},
 * {@code protect=1} or {@code 0}), and block or unblock a user ({@code POST /_block/{name}},
 * {@code block=1} or {@code 0}). Every post carries the session's CSRF token (else 403);
 * visitors without a session are sent to log in; anyone but an admin gets a 403 (the
 * {@link org.wikicache.core.Wiki} checks the role again on each call, so a withdrawn role counts
 * at once).
 *
 * <p>Thread-safe.
 */
final class AdminRoutes {
  static final long SMALL_FORM = 16 * 1024;
  static final String ADMINS_ONLY = "Only admins may do this.";

  /** The delete confirmation. */
  record DeleteView(String name, String path) {}

  /** One deleted page in the archive. */
  record ArchivedRow(String name, String path, long revision, String deletedBy,
      String deletedByPath, String deletedAt) {
    static ArchivedRow of(DeletedPage d) {
      return new ArchivedRow(d.name().value(), Paths.encode(d.name()), d.revision(),
          d.deletedBy(), Paths.encode(d.deletedBy()), Views.TIME.format(d.deletedAt()));
    }
  }

  /** A page of the archive; {@code next} is the link to the next one. */
  record ArchiveView(List<ArchivedRow> pages, @Nullable String next, boolean paged) {}

  private final Services services;

  AdminRoutes(Services services) {
    this.services = requireNonNull(services, "services");
  }

  void register(Router router) {
    router.get("/_delete/<page>", this::confirmDelete);
    router.post("/_delete/<page>", SMALL_FORM, this::delete);
    router.get("/_deleted", this::archive);
    router.post("/_restore/<page>", SMALL_FORM, this::restore);
    router.post("/_protect/<page>", SMALL_FORM, this::protect);
    router.post("/_block/{name}", SMALL_FORM, this::block);
  }

  private void confirmDelete(Context ctx) {
    PageName name = PageNames.parse(ctx.pathParam("page"));
    if (!requireAdmin(ctx)) {
      return;
    }
    if (services.wiki().view(name).isEmpty()) {
      throw WebError.notFound("There is no page called " + name + ".");
    }
    services.views().render(ctx, 200, "delete", "Delete " + name,
        new DeleteView(name.value(), Paths.encode(name)));
  }

  private void delete(Context ctx, Form form) {
    PageName name = PageNames.parse(ctx.pathParam("page"));
    Optional<User> admin = services.visitors().actor(ctx, form);
    if (admin.isEmpty()) {
      return;
    }
    if (!services.wiki().delete(admin.get(), name)) {
      throw WebError.notFound("There is no page called " + name + " to delete.");
    }
    ctx.redirect("/_deleted", HttpStatus.SEE_OTHER);
  }

  private void archive(Context ctx) {
    if (!requireAdmin(ctx)) {
      return;
    }
    User admin = services.visitors().user(ctx).orElseThrow(() ->
        WebError.forbidden("Your account no longer exists."));
    Form query = Form.query(ctx);
    PageName after = Listing.after(query);
    List<DeletedPage> found = services.wiki().deletedPages(admin, after, Listing.PAGE + 1);
    List<ArchivedRow> rows = found.stream().limit(Listing.PAGE).map(ArchivedRow::of).toList();
    String next = found.size() > Listing.PAGE
        ? "/_deleted?after=" + Paths.encode(found.get(Listing.PAGE - 1).name()) : null;
    services.views().render(ctx, 200, "deleted", "Deleted pages",
        new ArchiveView(rows, next, after != null));
  }

  private void restore(Context ctx, Form form) {
    PageName name = PageNames.parse(ctx.pathParam("page"));
    Optional<User> admin = services.visitors().actor(ctx, form);
    if (admin.isEmpty()) {
      return;
    }
    if (!services.wiki().restore(admin.get(), name)) {
      throw WebError.notFound("There is no deleted page called " + name + ".");
    }
    ctx.redirect("/" + Paths.encode(name) + "?redirect=no", HttpStatus.SEE_OTHER);
  }

  private void protect(Context ctx, Form form) {
    PageName name = PageNames.parse(ctx.pathParam("page"));
    Optional<User> admin = services.visitors().actor(ctx, form);
    if (admin.isEmpty()) {
      return;
    }
    boolean protect = flag(form, "protect");
    if (!services.wiki().protect(admin.get(), name, protect)) {
      throw WebError.notFound("There is no page called " + name + ".");
    }
    ctx.redirect("/" + Paths.encode(name) + "?redirect=no", HttpStatus.SEE_OTHER);
  }

  private void block(Context ctx, Form form) {
    String name = ctx.pathParam("name");
    Optional<User> admin = services.visitors().actor(ctx, form);
    if (admin.isEmpty()) {
      return;
    }
    boolean block = flag(form, "block");
    if (name.length() > AccountRoutes.MAX_USERNAME_CHARS) {
      throw WebError.notFound("There is no such user.");
    }
    User user = services.wiki().users().findByName(name).orElseThrow(() ->
        WebError.notFound("There is no user called " + name + "."));
    try {
      services.wiki().block(admin.get(), user.username(), block);
    } catch (IllegalArgumentException e) {
      throw WebError.badRequest("You cannot block yourself.");
    }
    ctx.redirect("/_user/" + Paths.encode(user.username()), HttpStatus.SEE_OTHER);
  }

  /**
   * True if the visitor is an admin; sends visitors without a session to log in (false).
   *
   * @throws WebError 403 for a user who is not an admin
   */
  private boolean requireAdmin(Context ctx) {
    if (services.visitors().session(ctx).isEmpty()) {
      Visitors.redirectToLogin(ctx);
      return false;
    }
    if (!services.visitors().isAdmin(ctx)) {
      throw WebError.forbidden(ADMINS_ONLY);
    }
    return true;
  }

  /**
   * A {@code 1}/{@code 0} field.
   *
   * @throws WebError 400 if it is anything else
   */
  private static boolean flag(Form form, String name) {
    return switch (form.get(name)) {
      case "1" -> true;
      case "0" -> false;
      default -> throw WebError.badRequest(name + " must be 1 or 0.");
    };
  }
}
