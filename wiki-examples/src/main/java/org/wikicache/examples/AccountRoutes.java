package org.wikicache.examples;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.AccountPolicy;
import org.wikicache.core.Contributions;
import org.wikicache.core.PermissionDeniedException;
import org.wikicache.core.ProfileUpdate;
import org.wikicache.core.User;
import org.wikicache.core.UserExistsException;
import org.wikicache.examples.web.Form;
import org.wikicache.examples.web.Gate;
import org.wikicache.examples.web.Router;
import org.wikicache.examples.web.WebError;

/**
 * Accounts: sign-up ({@code /signup}), login ({@code /login}), logout ({@code POST /logout}) and
 * profiles ({@code /_user/{name}}, with the user's contributions paged by {@code ?before=}, and,
 * for admins, the form that blocks them; see {@link AdminRoutes}).
 *
 * <p>The sign-up and login forms are the only forms of visitors without a session: their CSRF
 * token is a signed double-submit cookie, so showing them stores nothing on the server. Logout is
 * a {@code POST} with the session's token, so no link or image on another site can log a user
 * out. Failed logins are throttled per account and per client address, in memcached for every
 * server ({@link SharedLoginThrottle}); sign-ups per requested name. The password hashing of both
 * (slow on purpose) runs a few at a time ({@link Gate}), so a flood of them cannot take every core.
 *
 * <p>Thread-safe.
 */
final class AccountRoutes {
  static final int MAX_USERNAME_CHARS = 100;
  /** Begins the throttle's key of a sign-up (a name no account can have: ':' is not allowed). */
  static final String SIGNUP_PREFIX = "signup:";
  static final long SMALL_FORM = 16 * 1024;
  /** A profile post: the bio (4,000 characters) percent-encoded, and the other fields. */
  static final long PROFILE_FORM = 64 * 1024;

  /**
   * The sign-up form, with what the visitor typed (never the password) and the errors by field;
   * {@code formToken} is the signed double-submit CSRF token, {@code returnTo} the (safe) path
   * to go to once signed up, or {@code ""}.
   */
  record SignupView(String formToken, String username, String email, @Nullable String formError,
      @Nullable String usernameError, @Nullable String passwordError,
      @Nullable String verifyError, @Nullable String emailError, String returnTo) {
    static SignupView empty(String formToken, String returnTo) {
      return new SignupView(formToken, "", "", null, null, null, null, null, returnTo);
    }
  }

  /**
   * The login form; {@code formToken} is the signed double-submit CSRF token, {@code returnTo}
   * the (safe) path to go back to after logging in, or {@code ""}.
   */
  record LoginView(String formToken, String username, @Nullable String error, String returnTo) {
    /** {@code returnTo} for a query string, for the link to the sign-up form. */
    String returnEncoded() {
      return java.net.URLEncoder.encode(returnTo, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * A user's profile; {@code form} (to edit it) only for its owner; their contributions, newest
   * first ({@code older} links to the next page); whether they are blocked, and whether the
   * visitor (an admin) may block or unblock them.
   */
  record ProfileView(String username, String shownName, String bio, boolean admin,
      String created, String userPath, @Nullable ProfileForm form,
      List<Contribution> contributions, @Nullable String older, boolean paged, boolean blocked,
      boolean canBlock) {}

  /** One of a user's revisions. */
  record Contribution(String name, String path, Views.Rev rev, @Nullable Long previous) {}

  /** How many contributions a profile shows at once. */
  static final int CONTRIBUTIONS = 20;

  /** The owner's profile form, with what was typed and what was wrong with it. */
  record ProfileForm(String email, String displayName, String bio, @Nullable String error) {}

  private final Services services;
  private final SharedLoginThrottle throttle;
  private final ClientAddress addresses;
  private final Gate passwords;

  /**
   * @param throttle counts failed logins, and sign-ups per requested name
   * @param passwords admits the password hashing of sign-ups and logins (deliberately slow:
   *     hundreds of milliseconds of CPU each), so that a flood of them keeps to a few cores' worth
   */
  AccountRoutes(Services services, SharedLoginThrottle throttle, ClientAddress addresses,
      Gate passwords) {
    this.addresses = requireNonNull(addresses, "addresses");
    this.services = requireNonNull(services, "services");
    this.throttle = requireNonNull(throttle, "throttle");
    this.passwords = requireNonNull(passwords, "passwords");
  }

  void register(Router router) {
    router.get("/signup", ctx -> services.views().render(ctx, 200, "signup", "Sign up",
        SignupView.empty(services.visitors().anonymousToken(ctx),
            Visitors.safeReturn(Form.query(ctx).get("return")).orElse(""))));
    router.post("/signup", SMALL_FORM, this::signup);
    router.get("/login", ctx -> services.views().render(ctx, 200, "login", "Log in",
        new LoginView(services.visitors().anonymousToken(ctx), "", null,
            Visitors.safeReturn(Form.query(ctx).get("return")).orElse(""))));
    router.post("/login", SMALL_FORM, this::login);
    router.post("/logout", SMALL_FORM, this::logout);
    router.get("/_user/{name}", this::profile);
    router.post("/_user/{name}", PROFILE_FORM, this::updateProfile);
  }

  private void signup(Context ctx, Form form) {
    String username = form.get("username").strip();
    String password = form.get("password");
    String email = form.get("email").strip();
    String returnTo = Visitors.safeReturn(form.get("return")).orElse("");
    try {
      services.visitors().requireAnonymousToken(ctx, form);
    } catch (WebError badToken) {  // the form again, as typed (but the passwords), a fresh token
      signupAgain(ctx, badToken.status(), username, email, badToken.getMessage(), returnTo);
      return;
    }
    String csrf = services.visitors().anonymousToken(ctx);
    SignupView errors = new SignupView(csrf, username, email, null,
        problem(() -> AccountPolicy.DEFAULT.checkUsername(username)),
        problem(() -> AccountPolicy.DEFAULT.checkPassword(password)),
        null, problem(() -> AccountPolicy.checkEmail(email)), returnTo);
    if (errors.passwordError() == null && !password.equals(form.get("verify"))) {
      errors = new SignupView(csrf, username, email, null, errors.usernameError(), null,
          "Your passwords didn't match.", errors.emailError(), returnTo);
    }
    if (errors.usernameError() != null || errors.passwordError() != null
        || errors.verifyError() != null || errors.emailError() != null) {
      services.views().render(ctx, 400, "signup", "Sign up", errors);
      return;
    }
    // Each attempt costs a password hash: a name asked for again and again is throttled like
    // failed logins (under its own key: it does not lock the account out of logging in).
    String attempt = SIGNUP_PREFIX + username;
    String address = addresses.of(ctx);
    Optional<Duration> wait = throttle.retryAfter(attempt, address);
    if (wait.isPresent()) {
      signupAgain(ctx, 429, username, email, "Too many attempts for this name, or from your"
          + " address (failed logins count too). Try again in "
          + retryAfter(ctx, wait.get()) + " seconds.", returnTo);
      return;
    }
    User user;
    try (Gate.Permit permit = passwords.enter()) {
      throttle.attempt(attempt);
      user = services.wiki().signUp(username, password, email);
    } catch (WebError busy) {
      busy.headers().forEach(ctx::header);
      signupAgain(ctx, busy.status(), username, email, busy.getMessage(), returnTo);
      return;
    } catch (UserExistsException e) {
      services.views().render(ctx, 409, "signup", "Sign up", new SignupView(csrf, username, email,
          null, "That user already exists.", null, null, null, returnTo));
      return;
    } catch (IllegalArgumentException e) {
      signupAgain(ctx, 400, username, email, e.getMessage(), returnTo);
      return;
    }
    services.visitors().logIn(ctx, user);
    ctx.redirect(returnTo.isEmpty() ? "/" : returnTo, HttpStatus.SEE_OTHER);
  }

  /** The sign-up form again with what was typed (never the password) and why it failed. */
  private void signupAgain(Context ctx, int status, String username, String email, String error,
      String returnTo) {
    services.views().render(ctx, status, "signup", "Sign up", new SignupView(
        services.visitors().anonymousToken(ctx), username, email, error, null, null, null, null,
        returnTo));
  }

  /** Sets {@code Retry-After} for a throttled request; returns the whole seconds it says. */
  private static long retryAfter(Context ctx, Duration wait) {
    long seconds = Math.max(1, wait.toSeconds() + 1);
    ctx.header("Retry-After", Long.toString(seconds));
    return seconds;
  }

  private static @Nullable String problem(Runnable check) {
    try {
      check.run();
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private void login(Context ctx, Form form) {
    String username = form.get("username").strip();
    String password = form.get("password");
    String returnTo = Visitors.safeReturn(form.get("return")).orElse("");
    try {
      services.visitors().requireAnonymousToken(ctx, form);
    } catch (WebError badToken) {  // the form again with the name typed and a fresh token
      loginFailed(ctx, badToken.status(), username, badToken.getMessage(), returnTo);
      return;
    }
    // the account is bounded: no account has a longer name; the address is the client's
    String account = username.substring(0, Math.min(username.length(), MAX_USERNAME_CHARS))
        .toLowerCase(Locale.ROOT);
    String address = addresses.of(ctx);
    Optional<Duration> wait = throttle.retryAfter(account, address);
    if (wait.isPresent()) {
      loginFailed(ctx, 429, username, "Too many failed logins. Try again in "
          + retryAfter(ctx, wait.get()) + " seconds.", returnTo);
      return;
    }
    Optional<User> user;
    try (Gate.Permit permit = passwords.enter()) {
      user = username.length() > MAX_USERNAME_CHARS
          || password.length() > AccountPolicy.MAX_PASSWORD_LENGTH
          ? Optional.empty() : services.wiki().logIn(username, password);
    } catch (WebError busy) {
      busy.headers().forEach(ctx::header);
      loginFailed(ctx, busy.status(), username, busy.getMessage(), returnTo);
      return;
    }
    if (user.isEmpty()) {
      throttle.failure(account, address);
      loginFailed(ctx, 400, username, "Invalid login", returnTo);
      return;
    }
    throttle.success(account, address);
    services.visitors().logIn(ctx, user.get());
    ctx.redirect(returnTo.isEmpty() ? "/" : returnTo, HttpStatus.SEE_OTHER);
  }

  private void loginFailed(Context ctx, int status, String username, String error,
      String returnTo) {
    services.views().render(ctx, status, "login", "Log in",
        new LoginView(services.visitors().anonymousToken(ctx), username, error, returnTo));
  }

  private void logout(Context ctx, Form form) {
    Optional<Sessions.Session> session = services.visitors().session(ctx);
    if (session.isPresent()) {
      Visitors.requireCsrf(session.get(), form);
      services.visitors().logOut(ctx);
    }
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }

  private void profile(Context ctx) {
    Form.query(ctx).number("before", Long.MAX_VALUE);  // a bad one is a 400 before any lookup
    User user = findUser(ctx);
    renderProfile(ctx, 200, user, user.email(), user.displayName(), user.bio(), null);
  }

  private void updateProfile(Context ctx, Form form) {
    User user = findUser(ctx);
    String email = form.get("email").strip();
    String displayName = form.get("displayName").strip();
    String bio = PageRoutes.normalizeNewlines(form.get("bio"));
    Optional<Sessions.Session> session = services.visitors().session(ctx);
    if (session.isEmpty()) {  // what was typed comes back, to be saved once logged in again
      renderProfile(ctx, 403, user, new ProfileForm(email, displayName, bio,
          Visitors.NOT_LOGGED_IN + " What you typed is below: log in in another tab, then save"
              + " again."));
      return;
    }
    if (session.get().userId() != user.id()) {
      throw WebError.forbidden("You can only edit your own profile.");
    }
    try {
      Visitors.requireCsrf(session.get(), form);
    } catch (WebError badToken) {  // what was typed comes back, with a fresh form
      renderProfile(ctx, badToken.status(), user, email, displayName, bio,
          badToken.getMessage());
      return;
    }
    try {
      services.wiki().updateProfile(user.id(), new ProfileUpdate(email, displayName, bio));
    } catch (PermissionDeniedException e) {  // blocked
      renderProfile(ctx, 403, user, email, displayName, bio, "You are blocked from editing,"
          + " your profile too: nothing was saved.");
      return;
    } catch (IllegalArgumentException e) {
      // what was typed comes back as typed, with the reason
      renderProfile(ctx, 400, user, email, displayName, bio, e.getMessage());
      return;
    }
    ctx.redirect("/_user/" + Paths.encode(user.username()), HttpStatus.SEE_OTHER);
  }

  private void renderProfile(Context ctx, int status, User user, String email,
      String displayName, String bio, @Nullable String error) {
    renderProfile(ctx, status, user, isOwner(ctx, user)
        ? new ProfileForm(email, displayName, bio, error) : null);
  }

  private boolean isOwner(Context ctx, User user) {
    return services.visitors().session(ctx).map(s -> s.userId() == user.id()).orElse(false);
  }

  /** The profile page, with {@code form} (the owner's, or a refused one's text) if not null. */
  private void renderProfile(Context ctx, int status, User user, @Nullable ProfileForm form) {
    boolean owner = isOwner(ctx, user);
    long before = Form.query(ctx).number("before", Long.MAX_VALUE);
    if (before < 1) {
      throw WebError.badRequest("before must be at least 1.");
    }
    Contributions page = services.wiki().contributions(user.username(), before, CONTRIBUTIONS);
    List<Contribution> rows = page.revisions().stream().map(r -> new Contribution(
        r.page().value(), Paths.encode(r.page()), Views.Rev.of(r),
        r.number() > 1 ? r.number() - 1 : null)).toList();
    String path = Paths.encode(user.username());
    boolean canBlock = !owner && services.visitors().session(ctx).isPresent()
        && services.visitors().isAdmin(ctx);
    services.views().render(ctx, status, "user", user.shownName(), new ProfileView(
        user.username(), user.shownName(), user.bio(), user.isAdmin(),
        Views.TIME.format(user.created()), path,
        form, rows,
        page.hasMore() ? "/_user/" + path + "?before=" + page.next() : null,
        before != Long.MAX_VALUE, services.wiki().isBlocked(user.username()), canBlock));
  }

  private User findUser(Context ctx) {
    String name = ctx.pathParam("name");
    if (name.length() > MAX_USERNAME_CHARS) {
      throw WebError.notFound("There is no such user.");
    }
    return services.wiki().users().findByName(name).orElseThrow(() ->
        WebError.notFound("There is no user called " + name + "."));
  }
}
