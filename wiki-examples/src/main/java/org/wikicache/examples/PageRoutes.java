package org.wikicache.examples;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wikicache.core.Edit;
import org.wikicache.core.EditConflictException;
import org.wikicache.core.InMemoryWikiStore;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.PermissionDeniedException;
import org.wikicache.core.ResolvedPage;
import org.wikicache.core.Revision;
import org.wikicache.core.StoreConfigurationException;
import org.wikicache.core.StoreUnavailableException;
import org.wikicache.examples.web.Form;
import org.wikicache.examples.web.Router;
import org.wikicache.examples.web.WebError;

/**
 * Reading and writing pages: the front page ({@code /}), a page ({@code /{page}}, {@code ?v=N}
 * for an old revision; a redirect is followed, with a "redirected from" note, unless
 * {@code ?redirect=no}; protection, sub-pages and the page's tools are shown), its editor ({@code GET} and {@code POST /_edit/{page}}; a post with a
 * {@code preview} field shows the text rendered, with the editor, and saves nothing) and the
 * writing help ({@code /_help}).
 *
 * <p>Saving never loses the author's text: whatever goes wrong (too long, a summary too long, a
 * reserved name, an expired session or token, an edit conflict, the store down: a 503) the
 * editor comes back with the text in it and says what happened. On a conflict the editor keeps the revision the author
 * started from, shows the current text and the difference, and saves over the newer revision
 * only when the author ticks that they merged it; saving again without that conflicts again.
 *
 * <p>Thread-safe.
 */
final class PageRoutes {
  /** The largest page content accepted, in UTF-8 bytes (the stores' default limit). */
  static final int MAX_CONTENT_BYTES = InMemoryWikiStore.DEFAULT_MAX_CONTENT_BYTES;
  /**
   * The largest editor post: the content percent-encoded (up to 3 bytes per byte, for text that
   * is not ASCII) plus the other fields. Larger posts are refused unread, with a 413.
   */
  static final long MAX_EDIT_BODY = 3L * MAX_CONTENT_BYTES + 64 * 1024;
  /** How many page names the front page lists. */
  static final int FRONT_PAGE_LIST = 100;

  private static final Logger LOG = LoggerFactory.getLogger(PageRoutes.class);
  /** How many sub-pages a page lists (the rest are one link away). */
  static final int SUBPAGES_SHOWN = 50;

  /** The front page: Main's HTML if it exists, and the list of pages. */
  record HomeView(@Nullable String html, List<PageLink> pages) {}

  /** A link to a page. */
  record PageLink(String name, String path) {
    static PageLink of(PageName name) {
      return new PageLink(name.value(), Paths.encode(name));
    }
  }

  /** A page, its latest revision or an old one ({@code old}). */
  record PageView(String name, String path, long number, String author, String authorPath,
      String time, boolean old, String html, @Nullable Tools tools) {}

  /**
   * What the latest revision's view adds: where a redirect came from, protection, sub-pages, and
   * what the visitor may do.
   */
  record Tools(@Nullable PageLink redirectedFrom, boolean isProtected, List<PageLink> subpages,
      boolean moreSubpages, boolean loggedIn, boolean admin) {
    boolean hasSubpages() {
      return !subpages.isEmpty();
    }
  }

  /** A page that does not exist. */
  record MissingView(String name, String path, boolean reserved) {}

  /**
   * The editor. {@code base} is the revision the author started from (0 to create); on a
   * conflict, {@code conflict} holds the current revision, its text and the difference.
   */
  record EditView(String name, String path, boolean creating, String content, String comment,
      long base, @Nullable String error, @Nullable Conflict conflict, @Nullable String preview,
      @Nullable String notice) {}

  /** What someone else saved since the author's base. */
  record Conflict(long revision, String author, String currentText, LineDiff.Result diff) {}

  private final Services services;

  PageRoutes(Services services) {
    this.services = requireNonNull(services, "services");
  }

  void register(Router router) {
    router.get("/", this::home);
    router.get("/_edit/<page>", this::editForm);
    router.post("/_edit/<page>", MAX_EDIT_BODY, this::save);
    router.get("/_help", ctx -> services.views().render(ctx, 200, "help", "Writing help",
        new Object()));
  }

  /** Registers the catch-all page route, {@code /{page}}, after every other route. */
  void registerPageRouteLast(Router router) {
    router.finish("/<page>", this::view);
  }

  private void home(Context ctx) {
    PageName main = PageName.of("Main");
    String html = services.wiki().view(main)
        .map(p -> services.html(main, p.revision(), p.content())).orElse(null);
    List<PageLink> pages = services.wiki().listPages(null, FRONT_PAGE_LIST).stream()
        .map(PageLink::of).toList();
    services.views().render(ctx, 200, "home", "Main", new HomeView(html, pages));
  }

  private void view(Context ctx) {
    String raw = ctx.pathParam("page");
    if (raw.startsWith("_") || ctx.path().startsWith("/api/")) {  // the wiki's own addresses
      throw WebError.notFound(raw.startsWith("_") ? "There is no such address in this wiki."
          : "There is no such API address.");
    }
    PageName name = PageNames.parse(raw);
    Form query = Form.query(ctx);
    if (query.find("v").isPresent()) {
      long number = query.number("v");
      Revision r = services.wiki().view(name, number).orElseThrow(() ->
          WebError.notFound("Page " + name + " has no revision " + number + "."));
      services.views().render(ctx, 200, "page", name.value(), new PageView(name.value(),
          Paths.encode(name), r.number(), r.info().author(), Paths.encode(r.info().author()),
          Views.TIME.format(r.info().time()), true,
          services.html(name, r.number(), r.content()), null));
      return;
    }
    boolean follow = !"no".equals(query.get("redirect"));
    Optional<ResolvedPage> page = follow ? services.wiki().resolve(name)
        : services.wiki().view(name).map(p -> new ResolvedPage(p, Optional.empty()));
    if (page.isEmpty()) {
      boolean reserved = services.pageNames().reserved(name);
      if (!reserved && services.visitors().session(ctx).isPresent()) {
        ctx.redirect("/_edit/" + Paths.encode(name), HttpStatus.SEE_OTHER);
        return;
      }
      services.views().render(ctx, 404, "missing", name.value(),
          new MissingView(name.value(), Paths.encode(name), reserved));
      return;
    }
    Page p = page.get().page();
    PageName shown = p.name();
    List<PageName> subpages = services.wiki().subpages(shown, null, SUBPAGES_SHOWN + 1);
    boolean loggedIn = services.visitors().session(ctx).isPresent();
    Tools tools = new Tools(page.get().redirectedFrom().map(PageLink::of).orElse(null),
        services.wiki().isProtected(shown),
        subpages.stream().limit(SUBPAGES_SHOWN).map(PageLink::of).toList(),
        subpages.size() > SUBPAGES_SHOWN, loggedIn, loggedIn && services.visitors().isAdmin(ctx));
    services.views().render(ctx, 200, "page", shown.value(), new PageView(shown.value(),
        Paths.encode(shown), p.revision(), p.author(), Paths.encode(p.author()),
        Views.TIME.format(p.time()), false, services.html(shown, p.revision(), p.content()),
        tools));
  }

  private void editForm(Context ctx) {
    PageName name = PageNames.parse(ctx.pathParam("page"));
    if (services.visitors().session(ctx).isEmpty()) {
      Visitors.redirectToLogin(ctx);
      return;
    }
    services.pageNames().checkWritable(name);
    Optional<Page> page = services.wiki().view(name);
    String notice = null;
    if (services.wiki().isBlocked(services.visitors().session(ctx).get().username())) {
      notice = "You are blocked from editing: saving will be refused.";
    } else if (page.isPresent() && services.wiki().isProtected(name)
        && !services.visitors().isAdmin(ctx)) {
      notice = "This page is protected: only admins can save changes to it.";
    }
    services.views().render(ctx, 200, "edit", "Editing " + name, new EditView(name.value(),
        Paths.encode(name), page.isEmpty(), page.map(Page::content).orElse(""), "",
        page.map(Page::revision).orElse(0L), null, null, null, notice));
  }

  private void save(Context ctx, Form form) {
    PageName name = PageNames.parse(ctx.pathParam("page"));
    String content = normalizeNewlines(form.get("content"));
    String comment = form.get("comment").strip();
    long base;
    long merged;
    try {
      base = form.number("base");
      // Ticking "I merged revision N" on the conflict page is what moves the base forward.
      merged = form.number("merged", base);
    } catch (WebError e) {
      new Editor(ctx, name, content, comment, 0).refuse(400, e.getMessage()
          + " Nothing was saved; your text is below.");
      return;
    }
    Editor editor = new Editor(ctx, name, content, comment, base);
    try {
      save(ctx, form, editor, merged);
    } catch (WebError e) {  // a busy server (429 from the gate of a large preview or diff)
      e.headers().forEach(ctx::header);
      editor.refuse(e.status(), e.getMessage() + " Nothing was saved; your text is below.");
    } catch (StoreUnavailableException | StoreConfigurationException e) {
      LOG.warn("save of {} failed: {}", name, e.getMessage());
      services.visitors().sessionIfKnown(ctx);
      ctx.header("Retry-After", WikiServer.STORE_RETRY_AFTER);
      editor.refuse(503, "The wiki's storage did not answer, so your edit may not have been "
          + "saved. Your text is below: save again in a moment (if the first save did get "
          + "through, saving again just shows the page).");
    }
  }

  /** The checks and the save itself; every refusal shows the editor with the author's text. */
  private void save(Context ctx, Form form, Editor editor, long merged) {
    PageName name = editor.name;
    String content = editor.content;
    String comment = editor.comment;
    Optional<Sessions.Session> session = services.visitors().session(ctx);
    if (session.isEmpty()) {
      editor.refuse(403, Visitors.NOT_LOGGED_IN + " Your text is below: log in in another tab,"
          + " then save again.");
      return;
    }
    if (!session.get().csrfMatches(form.get("csrf"))) {
      editor.refuse(403, "The form's security token is out of date, so nothing was saved. "
          + "Your text is below; save again.");
      return;
    }
    if (services.pageNames().reserved(name)) {
      editor.refuse(400, PageNames.reservedMessage(name));
      return;
    }
    int bytes = Revision.utf8Length(content);
    if (bytes > MAX_CONTENT_BYTES) {
      editor.refuse(413, "The page is too long: " + bytes + " bytes; at most "
          + MAX_CONTENT_BYTES + " are allowed. Nothing was saved; your text is below.");
      return;
    }
    if (comment.length() > Edit.MAX_COMMENT_LENGTH) {
      editor.refuse(400, "The summary is too long: at most " + Edit.MAX_COMMENT_LENGTH
          + " characters are allowed. Nothing was saved.");
      return;
    }
    if (form.find("preview").isPresent()) {
      editor.preview(services.preview(content));
      return;
    }
    try {
      services.wiki().edit(new Edit(name, merged, content, session.get().username(), comment));
      ctx.redirect("/" + Paths.encode(name), HttpStatus.SEE_OTHER);
    } catch (EditConflictException e) {
      Optional<Page> current = services.wiki().view(name);
      if (current.isEmpty()) {
        editor.refuse(409, "The page was deleted or moved while you edited it, or a deleted "
            + "page has this name (an admin can restore it). Nothing was saved; your text is "
            + "below.");
        return;
      }
      if (current.get().content().equals(content)
          && current.get().author().equals(session.get().username())) {
        ctx.redirect("/" + Paths.encode(name), HttpStatus.SEE_OTHER);  // sent twice: it is saved
        return;
      }
      Conflict conflict = current.map(p -> new Conflict(p.revision(), p.author(), p.content(),
          services.diff(p.content(), content))).orElse(null);
      editor.show(409, null, conflict);
    } catch (PermissionDeniedException e) {
      editor.refuse(403, "You may not save this page: " + e.getMessage()
          + ". Nothing was saved; your text is below.");
    } catch (IllegalArgumentException e) {
      editor.refuse(400, e.getMessage() + ". Nothing was saved.");
    }
  }

  /** The editor shown again after a failed save, always with the author's text and base. */
  private final class Editor {
    private final Context ctx;
    private final PageName name;
    private final String content;
    private final String comment;
    private final long base;

    Editor(Context ctx, PageName name, String content, String comment, long base) {
      this.ctx = ctx;
      this.name = name;
      this.content = content;
      this.comment = comment;
      this.base = base;
    }

    void refuse(int status, String error) {
      show(status, error, null);
    }

    void show(int status, @Nullable String error, @Nullable Conflict conflict) {
      services.views().render(ctx, status, "edit", "Editing " + name, new EditView(
          name.value(), Paths.encode(name), conflict == null && creating(), content, comment,
          base, error, conflict, null, null));
    }

    /** The editor with the text as it would be shown, nothing saved. */
    void preview(String html) {
      services.views().render(ctx, 200, "edit", "Previewing " + name, new EditView(
          name.value(), Paths.encode(name), creating(), content, comment, base, null, null,
          html, null));
    }

    /** True if the page is new: no base, and (a base lost to a bad form aside) no page. */
    private boolean creating() {
      return base == 0 && services.wiki().view(name).isEmpty();
    }
  }

  static String normalizeNewlines(String s) {
    return s.indexOf('\r') < 0 ? s : s.replace("\r\n", "\n").replace('\r', '\n');
  }
}
