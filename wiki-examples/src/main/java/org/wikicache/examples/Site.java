package org.wikicache.examples;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.AccountPolicy;
import org.wikicache.core.Comparison;
import org.wikicache.core.Edit;
import org.wikicache.core.EditConflictException;
import org.wikicache.core.InMemoryWikiStore;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.ProfileUpdate;
import org.wikicache.core.RequestCost;
import org.wikicache.core.Revision;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.User;
import org.wikicache.core.UserExistsException;
import org.wikicache.core.Wiki;

/**
 * The HTML side of the example server: every page route, sessions, CSRF checks, login
 * throttling and the per-request cost footer. Thread-safe; one instance serves all requests.
 */
final class Site {
  static final String SESSION_COOKIE = "wiki_session";
  /** The largest page content accepted, in UTF-8 bytes (the stores' default limit). */
  static final int MAX_CONTENT_BYTES = InMemoryWikiStore.DEFAULT_MAX_CONTENT_BYTES;
  static final int HISTORY_PAGE = 20;
  static final int RECENT = 50;
  static final int MAX_USERNAME_CHARS = 100;

  private static final String COST = "wiki.cost";
  private static final String SESSION = "wiki.session";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final CompletableFuture<Backend> backendFuture;
  private final WikiServerConfig config;
  private final Templates templates = new Templates();
  private final Sessions sessions;
  private final LoginThrottle throttle;
  private final Totals totals = new Totals();
  private volatile byte @Nullable [] css;

  /**
   * @param backend the backend, possibly still opening: requests that arrive before it is ready
   *     wait for it (the server opens it while the HTTP side starts)
   */
  Site(CompletableFuture<Backend> backend, WikiServerConfig config, Clock clock) {
    this.backendFuture = backend;
    this.config = config;
    this.sessions = new Sessions(Duration.ofDays(7), 100_000, clock);
    this.throttle = new LoginThrottle(5, Duration.ofMinutes(1), 10_000, clock);
  }

  private Backend backend() {
    return backendFuture.join();
  }

  private Wiki wiki() {
    return backend().wiki();
  }

  Totals totals() {
    return totals;
  }

  Sessions sessions() {
    return sessions;
  }

  /** Registers the before/after handlers and the HTML routes (the catch-all page route last). */
  void registerBefore(Javalin app) {
    app.before(ctx -> {
      ctx.attribute(COST, RequestCost.begin());
      ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'self'; "
          + "img-src 'self' https: data:; form-action 'self'; base-uri 'none'; "
          + "frame-ancestors 'none'");
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.header("X-Frame-Options", "DENY");
      ctx.header("Referrer-Policy", "same-origin");
      if (config.secure()) {
        ctx.header("Strict-Transport-Security", "max-age=31536000");
      }
    });
    app.after(ctx -> {
      RequestCost cost = ctx.attribute(COST);
      if (cost != null) {
        cost.close();
        totals.add(cost);
      }
    });
  }

  void registerRoutes(Javalin app) {
    app.get("/_static/wiki.css", this::css);
    app.get("/", this::home);
    app.get("/signup", ctx -> signupForm(ctx, Map.of(), "", "", 200));
    app.post("/signup", this::signup);
    app.get("/login", ctx -> loginForm(ctx, "", null, 200));
    app.post("/login", this::login);
    app.get("/logout", this::logout);
    app.post("/logout", this::logout);
    app.get("/_edit/<page>", this::editForm);
    app.post("/_edit/<page>", this::save);
    app.get("/_history/<page>", this::history);
    app.post("/_revert/<page>", this::revert);
    app.get("/_diff/<page>", this::diff);
    app.get("/_recent", this::recent);
    app.get("/_user/{name}", this::profile);
    app.post("/_user/{name}", this::updateProfile);
    app.get("/_stats", this::stats);
  }

  void registerPageRoute(Javalin app) {
    app.get("/<page>", this::view);
  }

  // ---------------------------------------------------------------- pages

  private void home(Context ctx) {
    Map<String, Object> m = model(ctx, "Main");
    PageName main = PageName.of("Main");
    wiki().view(main).ifPresent(page -> {
      m.put("html", backend().html(main, page.revision(), page.content()));
      m.put("mainRevision", page.revision());
    });
    List<Map<String, Object>> pages = new ArrayList<>();
    for (PageName name : wiki().listPages(null, 100)) {
      pages.add(Map.of("name", name.value(), "path", Paths.encode(name)));
    }
    m.put("pages", pages);
    render(ctx, "home", m, 200);
  }

  private void view(Context ctx) {
    PageName name = pageName(ctx);
    String v = ctx.queryParam("v");
    Map<String, Object> m = model(ctx, name.value());
    putPage(m, name);
    if (v != null) {
      long number = parseLong(v, "v");
      Revision r = wiki().view(name, number).orElseThrow(() ->
          WebError.notFound("Page " + name + " has no revision " + number + "."));
      m.put("old", true);
      putRevision(m, r.info());
      m.put("html", backend().html(name, r.number(), r.content()));
      render(ctx, "page", m, 200);
      return;
    }
    Optional<Page> page = wiki().view(name);
    if (page.isEmpty()) {
      if (session(ctx).map(Sessions.Session::loggedIn).orElse(false)) {
        ctx.redirect("/_edit/" + Paths.encode(name), HttpStatus.SEE_OTHER);
        return;
      }
      render(ctx, "missing", m, 404);
      return;
    }
    Page p = page.get();
    m.put("number", p.revision());
    m.put("author", p.author());
    m.put("time", TIME.format(p.time()));
    m.put("html", backend().html(name, p.revision(), p.content()));
    render(ctx, "page", m, 200);
  }

  private void editForm(Context ctx) {
    PageName name = pageName(ctx);
    Sessions.Session s = requireLogin(ctx);
    if (s == null) {
      return;
    }
    Optional<Page> page = wiki().view(name);
    Map<String, Object> m = model(ctx, "Editing " + name);
    putPage(m, name);
    m.put("content", page.map(Page::content).orElse(""));
    m.put("base", page.map(Page::revision).orElse(0L));
    m.put("creating", page.isEmpty());
    m.put("comment", "");
    render(ctx, "edit", m, 200);
  }

  private void save(Context ctx) {
    PageName name = pageName(ctx);
    Sessions.Session s = requireLogin(ctx);
    if (s == null) {
      return;
    }
    requireCsrf(ctx);
    String content = normalizeNewlines(orEmpty(ctx.formParam("content")));
    String comment = orEmpty(ctx.formParam("comment")).strip();
    long base = parseLong(ctx.formParam("base"), "base");
    Map<String, Object> m = model(ctx, "Editing " + name);
    putPage(m, name);
    m.put("content", content);
    m.put("comment", comment);
    m.put("base", base);
    m.put("creating", base == 0);
    int bytes = Revision.utf8Length(content);
    if (bytes > MAX_CONTENT_BYTES) {
      m.put("error", "The page is too long: " + bytes + " bytes; at most " + MAX_CONTENT_BYTES
          + " are allowed. Nothing was saved.");
      m.put("content", "");
      render(ctx, "edit", m, 413);
      return;
    }
    if (comment.length() > Edit.MAX_COMMENT_LENGTH) {
      m.put("error", "The summary is too long: at most " + Edit.MAX_COMMENT_LENGTH
          + " characters are allowed. Nothing was saved.");
      render(ctx, "edit", m, 400);
      return;
    }
    try {
      wiki().edit(new Edit(name, base, content, s.username(), comment));
      ctx.redirect("/" + Paths.encode(name), HttpStatus.SEE_OTHER);
    } catch (EditConflictException e) {
      Optional<Page> current = wiki().view(name);
      m.put("conflict", true);
      m.put("base", current.map(Page::revision).orElse(0L));
      m.put("creating", current.isEmpty());
      current.ifPresent(p -> {
        m.put("currentText", p.content());
        m.put("currentRevision", p.revision());
        m.put("currentAuthor", p.author());
        m.put("diff", LineDiff.rows(p.content(), content));
      });
      render(ctx, "edit", m, 409);
    } catch (IllegalArgumentException e) {
      m.put("error", e.getMessage());
      render(ctx, "edit", m, 400);
    }
  }

  private void history(Context ctx) {
    PageName name = pageName(ctx);
    String beforeParam = ctx.queryParam("before");
    long before = beforeParam == null ? Long.MAX_VALUE : parseLong(beforeParam, "before");
    if (before < 1) {
      throw WebError.badRequest("before must be at least 1");
    }
    List<RevisionInfo> revisions = wiki().history(name, before, HISTORY_PAGE);
    if (revisions.isEmpty() && beforeParam == null) {
      throw WebError.notFound("There is no page called " + name + ".");
    }
    boolean loggedIn = session(ctx).map(Sessions.Session::loggedIn).orElse(false);
    Map<String, Object> m = model(ctx, "History of " + name);
    putPage(m, name);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < revisions.size(); i++) {
      RevisionInfo r = revisions.get(i);
      Map<String, Object> row = new HashMap<>();
      putRevision(row, r);
      if (r.number() > 1) {
        row.put("previous", r.number() - 1);
      }
      boolean latest = beforeParam == null && i == 0;
      row.put("latest", latest);
      row.put("revertable", loggedIn && !latest);
      rows.add(row);
    }
    m.put("revisions", rows);
    if (revisions.size() == HISTORY_PAGE && revisions.get(revisions.size() - 1).number() > 1) {
      m.put("older", revisions.get(revisions.size() - 1).number());
    }
    if (beforeParam != null) {
      m.put("paged", true);
    }
    render(ctx, "history", m, 200);
  }

  private void revert(Context ctx) {
    PageName name = pageName(ctx);
    Sessions.Session s = requireLogin(ctx);
    if (s == null) {
      return;
    }
    requireCsrf(ctx);
    long number = parseLong(ctx.formParam("v"), "v");
    try {
      wiki().revert(name, number, s.username());
    } catch (EditConflictException e) {
      throw new WebError(409, "Someone saved " + name + " meanwhile; nothing was reverted. "
          + "Look at the history and try again.");
    } catch (IllegalArgumentException e) {
      throw WebError.notFound("Page " + name + " has no revision " + number + ".");
    }
    ctx.redirect("/_history/" + Paths.encode(name), HttpStatus.SEE_OTHER);
  }

  private void diff(Context ctx) {
    PageName name = pageName(ctx);
    long to = parseLong(ctx.queryParam("to"), "to");
    String fromParam = ctx.queryParam("from");
    long from = fromParam == null ? to - 1 : parseLong(fromParam, "from");
    Comparison c = wiki().compare(name, from, to).orElseThrow(() ->
        WebError.notFound("Page " + name + " has no revisions " + from + " and " + to + "."));
    Map<String, Object> m = model(ctx, "Changes to " + name);
    putPage(m, name);
    Map<String, Object> a = new HashMap<>();
    putRevision(a, c.from().info());
    Map<String, Object> b = new HashMap<>();
    putRevision(b, c.to().info());
    m.put("from", a);
    m.put("to", b);
    List<Map<String, Object>> rows = LineDiff.rows(c.from().content(), c.to().content());
    m.put("rows", rows);
    m.put("same", rows.stream().allMatch(r -> r.get("kind").equals("same")));
    render(ctx, "diff", m, 200);
  }

  private void recent(Context ctx) {
    Map<String, Object> m = model(ctx, "Recent changes");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (RevisionInfo r : wiki().recentChanges(RECENT)) {
      Map<String, Object> row = new HashMap<>();
      putRevision(row, r);
      row.put("name", r.page().value());
      row.put("path", Paths.encode(r.page()));
      if (r.number() > 1) {
        row.put("previous", r.number() - 1);
      }
      rows.add(row);
    }
    m.put("changes", rows);
    render(ctx, "recent", m, 200);
  }

  private void profile(Context ctx) {
    User user = findUser(ctx);
    renderProfile(ctx, user, null, 200);
  }

  private void updateProfile(Context ctx) {
    User user = findUser(ctx);
    Sessions.Session s = requireLogin(ctx);
    if (s == null) {
      return;
    }
    requireCsrf(ctx);
    if (s.userId() != user.id()) {
      throw WebError.forbidden("You can only edit your own profile.");
    }
    String email = orEmpty(ctx.formParam("email")).strip();
    String displayName = orEmpty(ctx.formParam("displayName")).strip();
    String bio = normalizeNewlines(orEmpty(ctx.formParam("bio")));
    try {
      wiki().updateProfile(user.id(), new ProfileUpdate(email, displayName, bio));
    } catch (IllegalArgumentException e) {
      renderProfile(ctx, new User(user.id(), user.username(), email,
          displayName.length() > ProfileUpdate.MAX_DISPLAY_NAME ? "" : displayName,
          bio.length() > ProfileUpdate.MAX_BIO ? "" : bio, user.roles(), user.created()),
          e.getMessage(), 400);
      return;
    }
    ctx.redirect("/_user/" + Paths.encode(user.username()), HttpStatus.SEE_OTHER);
  }

  private void renderProfile(Context ctx, User user, @Nullable String error, int status) {
    Map<String, Object> m = model(ctx, user.shownName());
    m.put("username", user.username());
    m.put("shownName", user.shownName());
    m.put("displayName", user.displayName());
    m.put("bio", user.bio());
    m.put("admin", user.isAdmin());
    m.put("created", TIME.format(user.created()));
    m.put("userPath", Paths.encode(user.username()));
    boolean owner = session(ctx).map(s -> s.userId() == user.id()).orElse(false);
    if (owner) {
      m.put("owner", true);
      m.put("email", user.email());
    }
    if (error != null) {
      m.put("error", error);
    }
    render(ctx, "user", m, status);
  }

  private User findUser(Context ctx) {
    String name = ctx.pathParam("name");
    if (name.length() > MAX_USERNAME_CHARS) {
      throw WebError.notFound("There is no such user.");
    }
    return wiki().users().findByName(name).orElseThrow(() ->
        WebError.notFound("There is no user called " + name + "."));
  }

  private void stats(Context ctx) {
    Map<String, Object> m = model(ctx, "Statistics");
    m.put("store", backend().storeName());
    m.put("cache", backend().cacheName());
    m.put("mail", backend().mailName());
    m.put("requests", totals.requests());
    m.put("servedFromCache", totals.servedFromCache());
    m.put("storeQueries", totals.storeQueries());
    m.put("cacheHits", totals.cacheHits());
    m.put("cacheMisses", totals.cacheMisses());
    long lookups = totals.cacheHits() + totals.cacheMisses();
    m.put("hitRatio", lookups == 0 ? "n/a"
        : String.format(Locale.ROOT, "%.1f%%", 100.0 * totals.cacheHits() / lookups));
    m.put("queriesPerRequest", totals.requests() == 0 ? "n/a"
        : String.format(Locale.ROOT, "%.2f", (double) totals.storeQueries() / totals.requests()));
    List<Map<String, Object>> kinds = new ArrayList<>();
    backend().meter().snapshot().forEach((kind, n) -> kinds.add(Map.of("kind", kind, "count", n)));
    m.put("kinds", kinds);
    m.put("storeCalls", backend().meter().total());
    long dbQueries = backend().databaseQueries();
    if (dbQueries >= 0) {
      m.put("dbQueries", dbQueries);
      m.put("hasDb", true);
    }
    List<Map<String, Object>> cacheKinds = backend().cacheKinds();
    m.put("cacheKinds", cacheKinds);
    m.put("hasCacheKinds", !cacheKinds.isEmpty());
    List<Map<String, Object>> cache = new ArrayList<>();
    backend().cacheStats().forEach((k, v) -> cache.add(Map.of("name", k, "value", v)));
    m.put("cacheStats", cache);
    m.put("hasCacheStats", !cache.isEmpty());
    m.put("sessions", sessions.size());
    render(ctx, "stats", m, 200);
  }

  // ---------------------------------------------------------------- accounts

  private void signupForm(Context ctx, Map<String, String> errors, String username, String email,
      int status) {
    ensureSession(ctx);
    Map<String, Object> m = model(ctx, "Sign up");
    m.putAll(errors);
    m.put("username", username);
    m.put("email", email);
    render(ctx, "signup", m, status);
  }

  private void signup(Context ctx) {
    requireCsrf(ctx);
    String username = orEmpty(ctx.formParam("username")).strip();
    String password = orEmpty(ctx.formParam("password"));
    String verify = orEmpty(ctx.formParam("verify"));
    String email = orEmpty(ctx.formParam("email")).strip();
    Map<String, String> errors = new HashMap<>();
    check(errors, "usernameError", () -> AccountPolicy.DEFAULT.checkUsername(username));
    check(errors, "passwordError", () -> AccountPolicy.DEFAULT.checkPassword(password));
    if (!errors.containsKey("passwordError") && !password.equals(verify)) {
      errors.put("verifyError", "Your passwords didn't match.");
    }
    check(errors, "emailError", () -> AccountPolicy.checkEmail(email));
    String shownName = username.length() > MAX_USERNAME_CHARS ? "" : username;
    String shownEmail = email.length() > AccountPolicy.MAX_EMAIL_LENGTH ? "" : email;
    if (!errors.isEmpty()) {
      signupForm(ctx, errors, shownName, shownEmail, 400);
      return;
    }
    User user;
    try {
      user = wiki().signUp(username, password, email);
    } catch (UserExistsException e) {
      signupForm(ctx, Map.of("usernameError", "That user already exists."), shownName,
          shownEmail, 409);
      return;
    } catch (IllegalArgumentException e) {
      signupForm(ctx, Map.of("formError", e.getMessage()), shownName, shownEmail, 400);
      return;
    }
    startSession(ctx, user);
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }

  private static void check(Map<String, String> errors, String key, Runnable check) {
    try {
      check.run();
    } catch (IllegalArgumentException e) {
      errors.put(key, e.getMessage());
    }
  }

  private void loginForm(Context ctx, String username, @Nullable String error, int status) {
    ensureSession(ctx);
    Map<String, Object> m = model(ctx, "Log in");
    m.put("username", username);
    if (error != null) {
      m.put("error", error);
    }
    render(ctx, "login", m, status);
  }

  private void login(Context ctx) {
    requireCsrf(ctx);
    String username = orEmpty(ctx.formParam("username")).strip();
    String password = orEmpty(ctx.formParam("password"));
    String shown = username.length() > MAX_USERNAME_CHARS ? "" : username;
    String key = username.toLowerCase(Locale.ROOT) + "|" + ctx.ip();
    Optional<Duration> wait = throttle.retryAfter(key);
    if (wait.isPresent()) {
      long seconds = Math.max(1, wait.get().toSeconds() + 1);
      ctx.header("Retry-After", Long.toString(seconds));
      loginForm(ctx, shown, "Too many failed logins. Try again in " + seconds + " seconds.",
          429);
      return;
    }
    Optional<User> user = username.length() > MAX_USERNAME_CHARS
        || password.length() > AccountPolicy.MAX_PASSWORD_LENGTH
        ? Optional.empty() : wiki().logIn(username, password);
    if (user.isEmpty()) {
      throttle.failure(key);
      loginForm(ctx, shown, "Invalid login", 400);
      return;
    }
    throttle.success(key);
    startSession(ctx, user.get());
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) {
    session(ctx).ifPresent(s -> sessions.invalidate(s.id()));
    setCookie(ctx, "", 0);
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }

  // ---------------------------------------------------------------- helpers

  private void startSession(Context ctx, User user) {
    session(ctx).ifPresent(old -> sessions.invalidate(old.id()));
    Sessions.Session s = sessions.create(user.id(), user.username());
    ctx.attribute(SESSION, Optional.of(s));
    setCookie(ctx, s.id(), sessions.idleTimeout().toSeconds());
  }

  private Sessions.Session ensureSession(Context ctx) {
    Optional<Sessions.Session> s = session(ctx);
    if (s.isPresent()) {
      return s.get();
    }
    Sessions.Session created = sessions.create(0, "");
    ctx.attribute(SESSION, Optional.of(created));
    setCookie(ctx, created.id(), sessions.idleTimeout().toSeconds());
    return created;
  }

  private void setCookie(Context ctx, String value, long maxAgeSeconds) {
    ctx.res().addHeader("Set-Cookie", SESSION_COOKIE + "=" + value + "; Path=/; Max-Age="
        + maxAgeSeconds + "; HttpOnly; SameSite=Lax" + (config.secure() ? "; Secure" : ""));
  }

  Optional<Sessions.Session> session(Context ctx) {
    Optional<Sessions.Session> cached = ctx.attribute(SESSION);
    if (cached != null) {
      return cached;
    }
    Optional<Sessions.Session> found = sessions.find(ctx.cookie(SESSION_COOKIE));
    ctx.attribute(SESSION, found);
    return found;
  }

  /** The logged-in session, or null after redirecting to the login page. */
  private Sessions.@Nullable Session requireLogin(Context ctx) {
    Optional<Sessions.Session> s = session(ctx).filter(Sessions.Session::loggedIn);
    if (s.isEmpty()) {
      ctx.redirect("/login", HttpStatus.SEE_OTHER);
      return null;
    }
    return s.get();
  }

  private void requireCsrf(Context ctx) {
    Optional<Sessions.Session> s = session(ctx);
    if (s.isEmpty() || !s.get().csrfMatches(ctx.formParam("csrf"))) {
      throw WebError.forbidden(
          "The form's security token is missing or out of date. Reload the page and try again.");
    }
  }

  private static PageName pageName(Context ctx) {
    String raw = ctx.pathParam("page");
    try {
      return PageName.of(raw);
    } catch (IllegalArgumentException e) {
      throw WebError.badRequest("That is not a valid page name: " + e.getMessage());
    }
  }

  private static long parseLong(@Nullable String value, String what) {
    if (value == null || value.isEmpty() || value.length() > 19) {
      throw WebError.badRequest("Missing or bad number for " + what + ".");
    }
    try {
      long n = Long.parseLong(value);
      if (n < 0) {
        throw WebError.badRequest("Bad number for " + what + ".");
      }
      return n;
    } catch (NumberFormatException e) {
      throw WebError.badRequest("Bad number for " + what + ".");
    }
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }

  private static String normalizeNewlines(String s) {
    return s.indexOf('\r') < 0 ? s : s.replace("\r\n", "\n").replace('\r', '\n');
  }

  private static void putPage(Map<String, Object> m, PageName name) {
    m.put("name", name.value());
    m.put("path", Paths.encode(name));
  }

  private static void putRevision(Map<String, Object> m, RevisionInfo r) {
    m.put("number", r.number());
    m.put("author", r.author());
    m.put("authorPath", Paths.encode(r.author()));
    m.put("time", TIME.format(r.time()));
    m.put("comment", r.comment());
    m.put("length", r.length());
  }

  /** The model every page starts from: title, who is logged in, the CSRF token. */
  Map<String, Object> model(Context ctx, String title) {
    Map<String, Object> m = new HashMap<>();
    m.put("title", title);
    session(ctx).ifPresent(s -> {
      m.put("csrf", s.csrf());
      if (s.loggedIn()) {
        m.put("user", s.username());
        m.put("userPath", Paths.encode(s.username()));
      }
    });
    return m;
  }

  /** Renders a template with the cost footer of the request so far. */
  void render(Context ctx, String template, Map<String, Object> m, int status) {
    RequestCost cost = ctx.attribute(COST);
    if (cost != null) {
      m.put("fromCache", cost.servedFromCache());
      m.put("costQueries", cost.storeQueries());
      m.put("cacheHitsNow", cost.cacheHits());
      m.put("cacheMissesNow", cost.cacheMisses());
      m.put("queriesPlural", cost.storeQueries() != 1);
    }
    m.putIfAbsent("csrf", "");
    String html = templates.render(template, m);
    ctx.status(status).contentType("text/html; charset=utf-8").result(html);
    ctx.header("Cache-Control", "no-store");
  }

  /** Renders an error page (or JSON under /api/). */
  void error(Context ctx, int status, String message) {
    if (ctx.path().startsWith("/api/")) {
      ctx.status(status).json(Map.of("error", message));
      return;
    }
    Map<String, Object> m = model(ctx, "Error " + status);
    m.put("status", status);
    m.put("message", message);
    render(ctx, "error", m, status);
  }

  private void css(Context ctx) {
    byte[] bytes = css;
    if (bytes == null) {
      try (InputStream in = Site.class.getResourceAsStream("/static/wiki.css")) {
        if (in == null) {
          throw new IllegalStateException("wiki.css missing from the classpath");
        }
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      css = bytes;
    }
    ctx.contentType("text/css; charset=utf-8").header("Cache-Control", "public, max-age=3600")
        .result(bytes);
  }
}
