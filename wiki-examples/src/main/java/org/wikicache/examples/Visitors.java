package org.wikicache.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.StoreConfigurationException;
import org.wikicache.core.StoreUnavailableException;
import org.wikicache.core.User;
import org.wikicache.core.Wiki;
import org.wikicache.examples.web.Cookies;
import org.wikicache.examples.web.CsrfCookie;
import org.wikicache.examples.web.Form;
import org.wikicache.examples.web.WebError;

/**
 * Who is asking: the logged-in session from the session cookie (looked up once per request), the
 * CSRF checks of both kinds of form, and logging in and out.
 *
 * <ul>
 *   <li>A logged-in user's forms carry the session's token ({@link #requireCsrf}).
 *   <li>The login and sign-up forms, filled in by visitors without a session, carry a signed
 *       double-submit cookie ({@link #anonymousToken}, {@link #requireAnonymousToken}): no state
 *       on the server.
 * </ul>
 *
 * <p>Thread-safe.
 */
final class Visitors {
  static final String SESSION_COOKIE = "wiki_session";
  private static final String SESSION = "wiki.session";
  private static final String BAD_TOKEN =
      "The form's security token is missing or out of date. Reload the page and try again.";

  private static final String OTHER_SITE = "This form was sent from another site, so it was not"
      + " accepted (a site may try to log you in to an account of its own). Check the form and"
      + " send it again from here.";

  private final Sessions sessions;
  private final CsrfCookie csrfCookie;
  private final Cookies cookies;
  private final Supplier<Wiki> wiki;

  Visitors(Sessions sessions, CsrfCookie csrfCookie, Cookies cookies, Supplier<Wiki> wiki) {
    this.sessions = requireNonNull(sessions, "sessions");
    this.csrfCookie = requireNonNull(csrfCookie, "csrfCookie");
    this.cookies = requireNonNull(cookies, "cookies");
    this.wiki = requireNonNull(wiki, "wiki");
  }

  /** The logged-in session of this request, if any. */
  Optional<Sessions.Session> session(Context ctx) {
    Optional<Sessions.Session> cached = ctx.attribute(SESSION);
    if (cached != null) {
      return cached;
    }
    Optional<Sessions.Session> found = sessions.find(ctx.cookie(SESSION_COOKIE));
    ctx.attribute(SESSION, found);
    return found;
  }

  /**
   * The logged-in session of this request, or empty when the store cannot say (it is down or
   * misconfigured): from then on this request is anonymous, so an error page can still render.
   */
  Optional<Sessions.Session> sessionIfKnown(Context ctx) {
    try {
      return session(ctx);
    } catch (StoreUnavailableException | StoreConfigurationException e) {
      ctx.attribute(SESSION, Optional.<Sessions.Session>empty());
      return Optional.empty();
    }
  }

  /** True if a user is logged in and is an admin now (roles are read, not remembered). */
  boolean isAdmin(Context ctx) {
    return session(ctx).flatMap(s -> wiki.get().users().findById(s.userId()))
        .map(User::isAdmin).orElse(false);
  }

  /** Why a form post was refused when nobody is logged in; the caller says what comes next. */
  static final String NOT_LOGGED_IN = "You are not logged in (your session may have ended), so"
      + " nothing was saved.";

  /**
   * The user acting through a form post, as the profiles know them now: if nobody is logged in,
   * the visitor is sent to the login page and the answer is empty (the caller returns).
   *
   * @throws WebError 403 if the form lacks the session's CSRF token, or the account is gone
   */
  Optional<User> actor(Context ctx, Form form) {
    Optional<Sessions.Session> session = session(ctx);
    if (session.isEmpty()) {
      redirectToLogin(ctx);
      return Optional.empty();
    }
    requireCsrf(session.get(), form);
    return Optional.of(wiki.get().users().findById(session.get().userId()).orElseThrow(() ->
        WebError.forbidden("Your account no longer exists.")));
  }

  /** The logged-in user as the profiles know them now, if any. */
  Optional<User> user(Context ctx) {
    return session(ctx).flatMap(s -> wiki.get().users().findById(s.userId()));
  }

  /** The longest path a login returns to. */
  static final int MAX_RETURN_CHARS = 1024;

  /**
   * Sends the visitor to the login page (for pages that need a login); after logging in they come
   * back to this request's page if it was a {@code GET} (and the path is a {@linkplain
   * #safeReturn safe} one), else to the front page.
   */
  static void redirectToLogin(Context ctx) {
    String here = ctx.req().getRequestURI();
    String query = ctx.queryString();
    if (query != null && !query.isEmpty()) {
      here += "?" + query;
    }
    boolean get = "GET".equals(ctx.method().name()) || "HEAD".equals(ctx.method().name());
    ctx.redirect(get && safeReturn(here).isPresent()
        ? "/login?return=" + URLEncoder.encode(here, UTF_8) : "/login", HttpStatus.SEE_OTHER);
  }

  /**
   * {@code raw} if it is a path of this site that a login may send the visitor back to: it starts
   * with one {@code /} (not {@code //} or {@code /\}, which browsers read as another host), has
   * only printable ASCII (no spaces, controls or backslashes), at most {@value #MAX_RETURN_CHARS}
   * characters, and is not an account page. Anything else, a full URL above all, is refused, so
   * the login form cannot be used to send people elsewhere.
   */
  static Optional<String> safeReturn(@Nullable String raw) {
    if (raw == null || raw.isEmpty() || raw.length() > MAX_RETURN_CHARS || raw.charAt(0) != '/'
        || (raw.length() > 1 && (raw.charAt(1) == '/' || raw.charAt(1) == '\\'))) {
      return Optional.empty();
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '\\') {
        return Optional.empty();
      }
    }
    String lower = raw.toLowerCase(Locale.ROOT);
    for (String account : List.of("/login", "/logout", "/signup")) {
      if (lower.equals(account) || lower.startsWith(account + "?")
          || lower.startsWith(account + "/")) {
        return Optional.empty();
      }
    }
    return Optional.of(raw);
  }

  /**
   * Checks that {@code form} carries the token of {@code session}.
   *
   * @throws WebError 403 if it does not
   */
  static void requireCsrf(Sessions.Session session, Form form) {
    if (!session.csrfMatches(form.get("csrf"))) {
      throw WebError.forbidden(BAD_TOKEN);
    }
  }

  /** The token for a login or sign-up form (setting the signed cookie if needed). */
  String anonymousToken(Context ctx) {
    return csrfCookie.token(ctx);
  }

  /**
   * Checks the signed double-submit token of a login or sign-up form.
   *
   * <p>The token is bound to nothing but its cookie, so a site that can plant a cookie (a
   * sibling domain, or anyone on the path of plain http) could plant its own token and log the
   * visitor in to the attacker's account. Browsers say where a request comes from (Fetch
   * Metadata, {@code Sec-Fetch-Site}); a form sent from any other site, siblings included, is
   * refused. Clients that send no such header (older browsers, programs) are checked by the token
   * alone.
   *
   * @throws WebError 403 if it is missing, forged, expired or not the cookie's, or if the browser
   *     says another site sent the form
   */
  void requireAnonymousToken(Context ctx, Form form) {
    if (fromAnotherSite(ctx)) {
      throw WebError.forbidden(OTHER_SITE);
    }
    if (!csrfCookie.matches(ctx, form.get("csrf"))) {
      throw WebError.forbidden(BAD_TOKEN);
    }
  }

  /** True if the browser says the request comes from another site, or a sibling of this one. */
  private static boolean fromAnotherSite(Context ctx) {
    String site = ctx.header("Sec-Fetch-Site");
    return site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none");
  }

  /** Logs {@code user} in with a fresh session (ending any session the browser had). */
  void logIn(Context ctx, User user) {
    session(ctx).ifPresent(old -> sessions.invalidate(old.id()));
    Sessions.Session s = sessions.create(user.id(), user.username());
    ctx.attribute(SESSION, Optional.of(s));
    cookies.set(ctx, SESSION_COOKIE, s.id(), sessions.idleTimeout());
    csrfCookie.clear(ctx);
  }

  /** Ends the session of this request, if any, and deletes the cookie. */
  void logOut(Context ctx) {
    session(ctx).ifPresent(s -> sessions.invalidate(s.id()));
    ctx.attribute(SESSION, Optional.empty());
    cookies.clear(ctx, SESSION_COOKIE);
  }

  /** The number of stored sessions, -1 if unknown (for admins' statistics). */
  long sessionCount() {
    return sessions.size();
  }
}
