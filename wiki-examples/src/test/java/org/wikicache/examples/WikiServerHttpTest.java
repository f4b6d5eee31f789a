package org.wikicache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wikicache.core.PasswordHasher;

/**
 * Every route of the example server, over real HTTP against a server on a free port with the
 * embedded defaults (H2 in a temporary directory, the in-process cache).
 */
class WikiServerHttpTest {
  private static final String PASSWORD = "correct horse";
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static WikiServer server;
  private static WebClient founder;

  @TempDir static Path dataDir;

  /** The embedded defaults: H2 in a directory, the in-process cache, mail to the log. */
  @BeforeAll
  static void start() {
    server = WikiServer.start(WikiServerConfig.newBuilder().port(0).host("127.0.0.1")
        .dataDir(dataDir).passwordHasher(new PasswordHasher(1_000)).build());
    assertThat(server.storeDescription()).startsWith("H2 in ");
    assertThat(server.cacheDescription()).contains("in-process");
    founder = client();
    assertThat(founder.signUp("founder", PASSWORD).statusCode()).isEqualTo(303);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static WebClient client() {
    return new WebClient(server.url());
  }

  /** A fresh client signed up (and so logged in) as a new user. */
  private static WebClient user(String prefix) {
    WebClient c = client();
    String name = prefix + SEQ.incrementAndGet();
    assertThat(c.signUp(name, PASSWORD).statusCode()).isEqualTo(303);
    return c;
  }

  private static String unique(String prefix) {
    return prefix + SEQ.incrementAndGet();
  }

  // ------------------------------------------------------------ accounts

  @Test
  void signUpLogsInAndOnlyTheFirstUserIsAdmin() {
    WebClient c = client();
    String name = unique("ada");
    HttpResponse<String> r = c.signUp(name, PASSWORD);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/");
    assertThat(c.get("/").body()).contains("/_user/" + name).contains("log out");
    assertThat(c.get("/_user/" + name).body()).doesNotContain("(admin)");
    assertThat(client().get("/_user/founder").body()).contains("(admin)");
  }

  @Test
  void signUpErrorsUseTheCourseWikisMessages() {
    WebClient c = client();
    assertThat(signUpError(c, "x", PASSWORD, PASSWORD, ""))
        .contains("That's not a valid username.");
    assertThat(signUpError(c, unique("bob"), "short", "short", ""))
        .contains("That wasn't a valid password.");
    assertThat(signUpError(c, unique("bob"), PASSWORD, PASSWORD + "x", ""))
        .contains("Your passwords didn't match.");
    assertThat(signUpError(c, unique("bob"), PASSWORD, PASSWORD, "not-an-email"))
        .contains("That's not a valid email.");
    HttpResponse<String> exists = c.submit("/signup", "/signup", Map.of("username", "FOUNDER",
        "password", PASSWORD, "verify", PASSWORD, "email", ""));
    assertThat(exists.statusCode()).isEqualTo(409);
    assertThat(WebClient.unescape(exists.body())).contains("That user already exists.");
  }

  private static String signUpError(WebClient c, String user, String pw, String verify,
      String email) {
    HttpResponse<String> r = c.submit("/signup", "/signup",
        Map.of("username", user, "password", pw, "verify", verify, "email", email));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).doesNotContain(pw);  // passwords are never echoed back
    return WebClient.unescape(r.body());
  }

  @Test
  void logInWithWrongPasswordFailsAndRightPasswordWorks() {
    String name = unique("carol");
    client().signUp(name, PASSWORD);
    WebClient c = client();
    HttpResponse<String> wrong = c.logIn(name, "wrong password");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("Invalid login");
    HttpResponse<String> right = c.logIn(name, PASSWORD);
    assertThat(right.statusCode()).isEqualTo(303);
    assertThat(c.get("/").body()).contains("/_user/" + name);
    assertThat(c.logOut().statusCode()).isEqualTo(303);
    assertThat(c.get("/").body()).contains("log in").doesNotContain("/_user/" + name);
  }

  @Test
  void anonymousFormsGetASignedCookieNotASessionAndLoginStartsAFreshSession() {
    WebClient c = client();
    HttpResponse<String> form = c.get("/login");
    String csrfCookie = form.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(csrfCookie).startsWith("wiki_csrf=").contains("HttpOnly").contains("SameSite=Lax")
        .doesNotContain("Secure");
    assertThat(form.headers().allValues("Set-Cookie")).noneMatch(v -> v.startsWith("wiki_session"));
    // the form's token is the cookie's value, signed: the second form reuses it
    assertThat(WebClient.csrf(form.body())).isEqualTo(cookieValue(csrfCookie));
    assertThat(c.get("/signup").headers().firstValue("Set-Cookie")).isEmpty();
    String name = unique("dave");
    HttpResponse<String> signed = c.submit("/signup", "/signup",
        Map.of("username", name, "password", PASSWORD, "verify", PASSWORD, "email", ""));
    String session = signed.headers().allValues("Set-Cookie").stream()
        .filter(v -> v.startsWith(Visitors.SESSION_COOKIE + "=")).findFirst().orElseThrow();
    assertThat(cookieValue(session)).hasSize(43).isNotEqualTo(cookieValue(csrfCookie));
    assertThat(session).contains("HttpOnly").contains("SameSite=Lax");
  }

  private static String cookieValue(String setCookie) {
    return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
  }

  @Test
  void cookiesAreSecureBehindAnHttpsBaseUrl() {
    try (WikiServer https = WikiServer.start(WikiServerConfig.newBuilder().port(0)
        .host("127.0.0.1").inMemory(true).baseUrl(java.net.URI.create("https://wiki.example.org"))
        .build())) {
      WebClient c = new WebClient("http://127.0.0.1:" + https.port());
      HttpResponse<String> r = c.get("/login");
      assertThat(r.headers().firstValue("Set-Cookie").orElseThrow())
          .startsWith("__Host-wiki_csrf=").contains("; Secure");
      assertThat(r.headers().firstValue("Strict-Transport-Security")).isPresent();
      assertThat(https.url()).isEqualTo("https://wiki.example.org/");
    }
  }

  @Test
  void forgedSessionCookieIsNotLoggedIn() {
    WebClient c = client();
    c.cookies().getCookieStore().add(java.net.URI.create(server.url()),
        new java.net.HttpCookie(Visitors.SESSION_COOKIE, "A".repeat(43)));
    assertThat(c.get("/_edit/Anything").statusCode()).isEqualTo(303);
  }

  @Test
  void loginIsThrottledAfterFiveFailures() {
    String name = unique("eve");
    client().signUp(name, PASSWORD);
    WebClient c = client();
    for (int i = 0; i < 5; i++) {
      assertThat(c.logIn(name, "guess " + i).statusCode()).isEqualTo(400);
    }
    HttpResponse<String> blocked = c.logIn(name, PASSWORD);
    assertThat(blocked.statusCode()).isEqualTo(429);
    assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
    assertThat(blocked.body()).contains("Too many failed logins");
    // another user from the same address is not affected
    String other = unique("frank");
    client().signUp(other, PASSWORD);
    assertThat(c.logIn(other, PASSWORD).statusCode()).isEqualTo(303);
  }

  @Test
  void signUpsOfOneNameAreThrottledWithoutLockingTheAccount() {
    // each sign-up costs a password hash: asking for one name again and again is throttled
    String name = unique("mallory");
    WebClient owner = client();
    assertThat(owner.signUp(name, PASSWORD).statusCode()).isEqualTo(303);
    WebClient flood = client();
    for (int i = 0; i < 4; i++) {
      assertThat(flood.signUp(name, PASSWORD).statusCode()).isEqualTo(409);
    }
    HttpResponse<String> blocked = flood.signUp(name, PASSWORD);
    assertThat(blocked.statusCode()).isEqualTo(429);
    assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
    assertThat(blocked.body()).contains("Too many attempts for this name, or from your address")
        .contains("value=\"" + name + "\"");  // what was typed comes back
    // the account itself still logs in, and other names still sign up from this address
    assertThat(client().logIn(name, PASSWORD).statusCode()).isEqualTo(303);
    assertThat(flood.signUp(unique("other"), PASSWORD).statusCode()).isEqualTo(303);
  }

  // ------------------------------------------------------------ pages

  @Test
  void createEditAndViewOldRevision() {
    WebClient c = user("gina");
    String page = unique("Page");
    assertThat(c.get("/" + page).statusCode()).isEqualTo(303);  // missing: go edit
    HttpResponse<String> created = c.edit(page, "# Hello\n\nfirst text", "create");
    assertThat(created.statusCode()).isEqualTo(303);
    assertThat(created.headers().firstValue("Location")).hasValue("/" + page);
    assertThat(c.edit(page, "# Hello\n\nsecond text", "more").statusCode()).isEqualTo(303);

    HttpResponse<String> latest = client().get("/" + page);
    assertThat(latest.statusCode()).isEqualTo(200);
    assertThat(latest.body()).contains("<h1>Hello</h1>").contains("second text")
        .contains("Revision 2").contains("store quer");
    HttpResponse<String> v1 = client().get("/" + page + "?v=1");
    assertThat(v1.body()).contains("first text").doesNotContain("second text")
        .contains("This is revision 1");
    assertThat(client().get("/" + page + "?v=9").statusCode()).isEqualTo(404);
    assertThat(client().get("/" + page + "?v=x").statusCode()).isEqualTo(400);
  }

  @Test
  void everyPageHasTheCostFooterAndTheSecondViewComesFromTheCache() {
    WebClient c = user("cost");
    String page = unique("Cached");
    c.edit(page, "cache me", "");
    String first = client().get("/" + page).body();
    assertThat(first).containsPattern("Not served from cache</span>\\s*· "
        + "<span class=\"queries\">[1-9][0-9]* store quer");
    String second = client().get("/" + page).body();
    assertThat(second).containsPattern("Served from cache</span>\\s*· "
        + "<span class=\"queries\">0 store queries</span>");
    assertThat(client().get("/_recent").body()).contains("store quer");
  }

  @Test
  void editConflictShowsBothVersionsKeepsMyBaseAndSavesOnlyWhenIMerged() {
    WebClient alice = user("hal");
    WebClient bob = user("ida");
    String page = unique("Shared");
    alice.edit(page, "line one\nline two\n", "create");
    HttpResponse<String> aliceForm = alice.get("/_edit/" + page);
    HttpResponse<String> bobForm = bob.get("/_edit/" + page);
    assertThat(WebClient.hidden(aliceForm.body(), "base")).isEqualTo("1");
    assertThat(alice.post("/_edit/" + page, Map.of("content", "line one\nline 2 by alice\n",
        "comment", "", "base", "1", "csrf", WebClient.csrf(aliceForm.body()))).statusCode())
        .isEqualTo(303);
    Map<String, String> mine = Map.of("content", "line one\nline two\nbob's <new> line\n",
        "comment", "bob", "base", "1", "csrf", WebClient.csrf(bobForm.body()));
    HttpResponse<String> conflict = bob.post("/_edit/" + page, mine);
    assertThat(conflict.statusCode()).isEqualTo(409);
    String body = conflict.body();
    // both versions: the current one, and mine (escaped) in the box; the base is still mine
    assertThat(body).contains("Edit conflict").contains("line 2 by alice")
        .contains("bob&#39;s &lt;new&gt; line");
    assertThat(WebClient.hidden(body, "base")).isEqualTo("1");
    assertThat(body).contains("<tr class=\"ins\"><td>+</td><td>bob&#39;s &lt;new&gt; line")
        .contains("name=\"merged\" value=\"2\"");
    // Save again without merging: conflicts again, alice's revision survives
    Map<String, String> again = new java.util.HashMap<>(mine);
    again.put("csrf", WebClient.csrf(body));
    again.put("base", WebClient.hidden(body, "base"));
    assertThat(bob.post("/_edit/" + page, again).statusCode()).isEqualTo(409);
    assertThat(client().get("/" + page).body()).contains("line 2 by alice");
    // tick "I merged revision 2": saved
    again.put("content", "line one\nline 2 by alice\nbob's line\n");
    again.put("merged", "2");
    assertThat(bob.post("/_edit/" + page, again).statusCode()).isEqualTo(303);
    assertThat(client().get("/" + page).body()).contains("line 2 by alice").contains("bob");
  }

  @Test
  void historyIsPagedNewestFirst() {
    WebClient c = user("jo");
    String page = unique("Long");
    for (int i = 1; i <= 25; i++) {
      assertThat(c.edit(page, "text " + i, "edit " + i).statusCode()).isEqualTo(303);
    }
    String first = client().get("/_history/" + page).body();
    assertThat(first).contains("?v=25\">25</a> (latest)").contains("?v=6\">6</a>")
        .doesNotContain("?v=5\">").contains("?before=6\"");
    String second = client().get("/_history/" + page + "?before=6").body();
    assertThat(second).contains("?v=5\">5</a>").contains("?v=1\">1</a>")
        .doesNotContain("?v=6\"").doesNotContain("older revisions");
    assertThat(client().get("/_history/" + unique("Nope")).statusCode()).isEqualTo(404);
  }

  @Test
  void diffShowsChangedLines() {
    WebClient c = user("kim");
    String page = unique("Diffed");
    c.edit(page, "alpha\nbeta\ngamma\n", "");
    c.edit(page, "alpha\nBETA\ngamma\ndelta\n", "");
    HttpResponse<String> r = client().get("/_diff/" + page + "?from=1&to=2");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("<tr class=\"del\"><td>-</td><td>beta</td></tr>")
        .contains("<tr class=\"ins\"><td>+</td><td>BETA</td></tr>")
        .contains("<tr class=\"ins\"><td>+</td><td>delta</td></tr>")
        .contains("<tr class=\"same\"><td> </td><td>alpha</td></tr>");
    assertThat(client().get("/_diff/" + page + "?from=1&to=7").statusCode()).isEqualTo(404);
  }

  @Test
  void revertFromHistoryMakesANewRevision() {
    WebClient c = user("lee");
    String page = unique("Reverted");
    c.edit(page, "good", "");
    c.edit(page, "vandalised", "");
    String history = c.get("/_history/" + page).body();
    assertThat(history).contains("revert to this");
    HttpResponse<String> r = c.post("/_revert/" + page,
        Map.of("v", "1", "csrf", WebClient.csrf(history)));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(client().get("/" + page).body()).contains("good").contains("Revision 3");
    assertThat(client().get("/_history/" + page).body()).contains("Reverted to revision 1");
    // anonymous visitors get no revert buttons
    assertThat(client().get("/_history/" + page).body()).doesNotContain("revert to this");
  }

  @Test
  void missingPageIs404WithCreateLinkForAnonymousAndRedirectForUsers() {
    String page = unique("Missing");
    HttpResponse<String> anon = client().get("/" + page);
    assertThat(anon.statusCode()).isEqualTo(404);
    assertThat(anon.body()).contains("<a href=\"/_edit/" + page + "\">Create it</a>");
    HttpResponse<String> edit = client().get("/_edit/" + page);
    assertThat(edit.statusCode()).isEqualTo(303);
    assertThat(edit.headers().firstValue("Location"))
        .hasValue("/login?return=%2F_edit%2F" + page);
    HttpResponse<String> user = user("max").get("/" + page);
    assertThat(user.statusCode()).isEqualTo(303);
    assertThat(user.headers().firstValue("Location")).hasValue("/_edit/" + page);
  }

  @Test
  void nestedPagesWork() {
    WebClient c = user("ned");
    String page = unique("Java") + "/Records/Intro";
    assertThat(c.edit(page, "nested *page*", "").statusCode()).isEqualTo(303);
    assertThat(client().get("/" + page).body()).contains("<em>page</em>");
    assertThat(client().get("/_history/" + page).body()).contains("?v=1\">1</a>");
    assertThat(client().get("/api/pages/" + page).statusCode()).isEqualTo(200);
  }

  @Test
  void noPageCanBeCreatedWhereARouteIs() {
    Set<String> owned = server.router().ownedSegments();
    assertThat(owned).contains("login", "signup", "logout", "api");
    for (String path : server.router().paths()) {
      String first = path.substring(1).split("/", -1)[0];
      boolean mayShadow = !first.isEmpty() && !first.startsWith("_") && !first.startsWith("<")
          && !first.startsWith("{");
      assertThat(!mayShadow || owned.contains(first.toLowerCase(java.util.Locale.ROOT)))
          .as("route %s is protected from pages", path).isTrue();
    }
    WebClient c = user("route");
    String token = WebClient.csrf(c.get("/_recent").body());
    for (String segment : owned) {
      for (String name : List.of(segment, segment.toUpperCase(java.util.Locale.ROOT),
          segment + "/Sub")) {
        HttpResponse<String> r = c.post("/_edit/" + name, Map.of("content", "x", "base", "0",
            "comment", "", "csrf", token));
        assertThat(r.statusCode()).as(name).isEqualTo(400);
      }
    }
  }

  @Test
  void invalidPageNamesAre400() {
    assertThat(client().get("/bad%01name").statusCode()).isEqualTo(400);
    assertThat(client().get("/_history/bad%01name").statusCode()).isEqualTo(400);
    assertThat(client().get("/" + "x".repeat(300)).statusCode()).isEqualTo(400);
  }

  @Test
  void frontPageListsPagesAndShowsMain() {
    WebClient c = user("oli");
    c.edit("Main", "Welcome to **the wiki**", "");
    String body = client().get("/").body();
    assertThat(body).contains("<strong>the wiki</strong>").contains("<a href=\"/Main\">Main</a>");
  }

  @Test
  void recentChangesAndProfiles() {
    WebClient c = user("pat");
    String page = unique("Recent");
    c.edit(page, "x", "my summary");
    assertThat(client().get("/_recent").body()).contains(page).contains("my summary");
    assertThat(client().get("/_user/nobody-here").statusCode()).isEqualTo(404);
  }

  @Test
  void ownerEditsProfileOthersCannot() {
    WebClient owner = client();
    String name = unique("quinn");
    owner.signUp(name, PASSWORD);
    String form = owner.get("/_user/" + name).body();
    assertThat(form).contains("Edit your profile");
    HttpResponse<String> saved = owner.post("/_user/" + name, Map.of("displayName",
        "Quinn <Q>", "email", "q@example.org", "bio", "I edit.", "csrf", WebClient.csrf(form)));
    assertThat(saved.statusCode()).isEqualTo(303);
    String shown = client().get("/_user/" + name).body();
    assertThat(shown).contains("Quinn &lt;Q&gt;").contains("I edit.")
        .doesNotContain("q@example.org").doesNotContain("Edit your profile");
    HttpResponse<String> bad = owner.post("/_user/" + name, Map.of("displayName", "Q",
        "email", "nope", "bio", "", "csrf", WebClient.csrf(form)));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(WebClient.unescape(bad.body())).contains("That's not a valid email.");

    WebClient other = user("rob");
    assertThat(other.get("/_user/" + name).body()).doesNotContain("Edit your profile");
    String otherPage = other.get("/_edit/Any").body();
    assertThat(other.post("/_user/" + name, Map.of("displayName", "hacked", "email", "",
        "bio", "", "csrf", WebClient.csrf(otherPage))).statusCode()).isEqualTo(403);
  }

  @Test
  void statsPageShowsWhatTheCacheSaves() {
    client().get("/_recent");
    HttpResponse<String> r = client().get("/_stats");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("recentChanges").contains("Store queries")
        .contains("The cache, by kind of value").contains("<th>page</th>")
        .containsPattern("id=\"requests\">[1-9][0-9]*<")
        .containsPattern("id=\"db-queries\">[1-9][0-9]*<")
        .containsPattern("id=\"store-queries\">[1-9][0-9]*<")
        .containsPattern("id=\"hit-ratio\">[0-9.]+%<")
        .contains("Invalidations (the change log's relay)")
        .containsPattern("change log entries delivered</th><td>[0-9]+<")
        .contains("delivery latency p50 / p99");
  }

  // ------------------------------------------------------------ safety

  @Test
  void postsWithoutTheRightCsrfTokenAre403() {
    WebClient c = user("sam");
    String page = unique("Csrf");
    c.edit(page, "safe", "");
    Map<String, String> edit = Map.of("content", "evil", "comment", "", "base", "1");
    assertThat(c.post("/_edit/" + page, edit).statusCode()).isEqualTo(403);
    Map<String, String> wrong = new java.util.HashMap<>(edit);
    wrong.put("csrf", "A".repeat(43));
    assertThat(c.post("/_edit/" + page, wrong).statusCode()).isEqualTo(403);
    assertThat(c.post("/_revert/" + page, Map.of("v", "1")).statusCode()).isEqualTo(403);
    assertThat(client().post("/login", Map.of("username", "founder", "password", PASSWORD))
        .statusCode()).isEqualTo(403);
    // a form token without its cookie, or a cookie without the form token, is refused
    String token = WebClient.csrf(client().get("/login").body());
    assertThat(client().post("/login", Map.of("username", "founder", "password", PASSWORD,
        "csrf", token)).statusCode()).isEqualTo(403);
    assertThat(client().post("/signup", Map.of("username", unique("x"), "password", PASSWORD,
        "verify", PASSWORD, "email", "")).statusCode()).isEqualTo(403);
    // a token from another session does not work either
    String foreign = WebClient.csrf(user("tom").get("/_edit/" + page).body());
    wrong.put("csrf", foreign);
    assertThat(c.post("/_edit/" + page, wrong).statusCode()).isEqualTo(403);
    assertThat(client().get("/" + page).body()).contains("safe").doesNotContain("evil");
  }

  @Test
  void aLoginOrSignUpSentFromAnotherSiteIsRefusedEvenWithAValidCookieAndToken() {
    // an attacker's own valid cookie and token, planted in the victim's browser
    WebClient victim = client();
    String name = unique("planted");
    victim.signUp(name, PASSWORD);
    victim.logOut();
    String token = WebClient.csrf(victim.get("/login").body());
    Map<String, String> login = Map.of("username", name, "password", PASSWORD, "csrf", token);

    for (String site : List.of("cross-site", "same-site")) {
      HttpResponse<String> refused = victim.postFrom(site, "/login", login);
      assertThat(refused.statusCode()).as(site).isEqualTo(403);
      assertThat(refused.body()).contains("sent from another site").contains(name);
      assertThat(victim.get("/_recent").body()).doesNotContain("action=\"/logout\"");
      assertThat(victim.postFrom(site, "/signup", Map.of("username", unique("x"), "password",
          PASSWORD, "verify", PASSWORD, "email", "", "csrf", token)).statusCode()).isEqualTo(403);
    }
    assertThat(victim.postFrom("same-origin", "/login", login).statusCode()).isEqualTo(303);
  }

  @Test
  void aStaleTokenGivesTheAccountFormsBackAsTyped() {
    // a sign-up or a login whose token is out of date comes back with what was typed (not the
    // password) and a fresh token, which then works
    WebClient c = client();
    String name = unique("typed");
    HttpResponse<String> signup = c.post("/signup", Map.of("username", name, "password", PASSWORD,
        "verify", PASSWORD, "email", "typed@example.org", "csrf", "stale"));
    assertThat(signup.statusCode()).isEqualTo(403);
    assertThat(signup.body()).contains("security token").contains("value=\"" + name + "\"")
        .contains("typed@example.org").doesNotContain(PASSWORD);
    assertThat(c.post("/signup", Map.of("username", name, "password", PASSWORD, "verify",
        PASSWORD, "email", "", "csrf", WebClient.csrf(signup.body()))).statusCode())
        .isEqualTo(303);

    WebClient other = client();
    HttpResponse<String> login = other.post("/login",
        Map.of("username", name, "password", PASSWORD, "csrf", "stale"));
    assertThat(login.statusCode()).isEqualTo(403);
    assertThat(login.body()).contains("security token").contains("value=\"" + name + "\"");
    assertThat(other.post("/login", Map.of("username", name, "password", PASSWORD,
        "csrf", WebClient.csrf(login.body()))).statusCode()).isEqualTo(303);

    // the profile form keeps what was typed too
    String bio = "my long bio, typed once";
    HttpResponse<String> profile = other.post("/_user/" + name, Map.of("email", "",
        "displayName", "Typed", "bio", bio, "csrf", "stale"));
    assertThat(profile.statusCode()).isEqualTo(403);
    assertThat(profile.body()).contains(bio).contains("security token");
  }

  @Test
  void aProfileSavedAfterTheSessionEndedComesBackAsTyped() {
    WebClient owner = client();
    String name = unique("nell");
    owner.signUp(name, PASSWORD);
    String bio = "a bio typed before the session ended";
    WebClient ended = client();  // no session: it ended, or the cookie is gone
    HttpResponse<String> refused = ended.post("/_user/" + name, Map.of("email",
        "typed@example.org", "displayName", "Nell Typed", "bio", bio, "csrf", "whatever"));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(WebClient.unescape(refused.body())).contains("not logged in").contains(bio)
        .contains("Nell Typed").contains("typed@example.org");
    assertThat(client().get("/_user/" + name).body()).doesNotContain(bio)
        .doesNotContain("Nell Typed");
    // someone else's session gets no form, only the refusal
    WebClient other = user("ned");
    String token = WebClient.csrf(other.get("/_edit/Any").body());
    assertThat(other.post("/_user/" + name, Map.of("displayName", "hacked", "email", "",
        "bio", "", "csrf", token)).statusCode()).isEqualTo(403);
  }

  @Test
  void scriptsInContentAreNeutralised() {
    WebClient c = user("uma");
    String page = unique("Xss");
    c.edit(page, "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        + "[x](javascript:alert(3)) <a href=\"javascript:alert(4)\">y</a> "
        + "<div onclick=\"alert(5)\" style=\"color:red\">div</div> [ok](https://example.org)",
        "");
    String body = client().get("/" + page).body().toLowerCase(java.util.Locale.ROOT);
    assertThat(body).doesNotContain("<script").doesNotContain("onerror")
        .doesNotContain("javascript:").doesNotContain("onclick").doesNotContain("alert(")
        .doesNotContain("<img").contains("href=\"https://example.org\"");
  }

  @Test
  void pageNamesAreEscaped() {
    HttpResponse<String> r = client().get("/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).doesNotContain("<script").contains("&lt;script&gt;");
  }

  @Test
  void oversizedContentIsRejectedCleanly() {
    WebClient c = user("vic");
    String page = unique("Big");
    String text = "x".repeat(2 * 1024 * 1024 + 1);
    HttpResponse<String> tooBig = c.edit(page, text, "");
    assertThat(tooBig.statusCode()).isEqualTo(413);
    assertThat(tooBig.body()).contains("The page is too long").contains("Nothing was saved")
        .contains(">" + text + "</textarea>");  // the text comes back
    HttpResponse<String> huge = c.edit(page, "y".repeat(7 * 1024 * 1024), "");
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(client().get("/" + page).statusCode()).isEqualTo(404);
    HttpResponse<String> longComment = c.edit(page, "ok", "c".repeat(501));
    assertThat(longComment.statusCode()).isEqualTo(400);
  }

  @Test
  void securityHeadersOnEveryPage() {
    HttpResponse<String> r = client().get("/");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.body()).doesNotContain("<script");
  }

  @Test
  void aRevisionAskedForBeforeItWasSavedIsShownOnceItIs() {
    WebClient c = user("rhea");
    String page = unique("Soon");
    assertThat(client().get("/" + page + "?v=1").statusCode()).isEqualTo(404);
    c.edit(page, "one", "");
    assertThat(client().get("/" + page + "?v=2").statusCode()).isEqualTo(404);
    assertThat(client().get("/api/revisions/2/" + page).statusCode()).isEqualTo(404);
    HttpResponse<String> diff = client().get("/_diff/" + page + "?from=1&to=2");
    assertThat(diff.statusCode()).isEqualTo(404);
    assertThat(diff.body()).contains("has no revision 2 (its revisions are 1 to 1)");
    c.edit(page, "two", "");

    assertThat(client().get("/" + page + "?v=1").body()).contains("one");
    assertThat(client().get("/" + page + "?v=2").body()).contains("two");
    assertThat(client().get("/api/revisions/2/" + page).body()).contains("\"content\":\"two\"");
    assertThat(client().get("/_diff/" + page + "?from=1&to=2").statusCode()).isEqualTo(200);
  }

  @Test
  void anEditFormSentTwiceSavesOnceAndABadBaseKeepsTheEditorOfThePage() {
    WebClient c = user("twice");
    String page = unique("Twice");
    c.edit(page, "one", "");
    String form = c.get("/_edit/" + page).body();
    Map<String, String> edit = Map.of("content", "two", "comment", "", "base",
        WebClient.hidden(form, "base"), "csrf", WebClient.csrf(form));
    assertThat(c.post("/_edit/" + page, edit).statusCode()).isEqualTo(303);
    assertThat(c.post("/_edit/" + page, edit).statusCode()).as("sent again").isEqualTo(303);
    assertThat(client().get("/api/history/" + page).body()).contains("\"number\":2")
        .doesNotContain("\"number\":3");
    // another user's identical text from an old base is still a conflict
    WebClient other = user("other");
    HttpResponse<String> theirs = other.post("/_edit/" + page, Map.of("content", "two",
        "comment", "", "base", "1", "csrf", WebClient.csrf(other.get("/_edit/" + page).body())));
    assertThat(theirs.statusCode()).isEqualTo(409);

    HttpResponse<String> bad = c.post("/_edit/" + page, Map.of("content", "kept", "comment", "",
        "base", "x", "csrf", WebClient.csrf(form)));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("Editing " + page).doesNotContain("Creating")
        .contains(">kept</textarea>");
  }

  // ------------------------------------------------------------ JSON API

  @Test
  void jsonApi() throws Exception {
    WebClient c = user("wes");
    String page = unique("Api") + "/Sub";
    for (int i = 1; i <= 3; i++) {
      c.edit(page, "v" + i, "c" + i);
    }
    ObjectMapper json = new ObjectMapper();
    HttpResponse<String> latest = client().get("/api/pages/" + page);
    assertThat(latest.headers().firstValue("Content-Type").orElseThrow()).contains("json");
    assertThat(latest.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode p = json.readTree(latest.body());
    assertThat(p.get("name").asText()).isEqualTo(page);
    assertThat(p.get("revision").asLong()).isEqualTo(3);
    assertThat(p.get("content").asText()).isEqualTo("v3");
    assertThat(p.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

    JsonNode r2 = json.readTree(client().get("/api/pages/" + page + "/revisions/2").body());
    assertThat(r2.get("content").asText()).isEqualTo("v2");
    assertThat(r2.get("comment").asText()).isEqualTo("c2");
    assertThat(r2.get("sha256").asText()).hasSize(64);

    JsonNode h = json.readTree(client().get("/api/pages/" + page + "/history?limit=2").body());
    assertThat(h.get("revisions")).hasSize(2);
    assertThat(h.get("revisions").get(0).get("number").asLong()).isEqualTo(3);
    assertThat(h.get("nextBefore").asLong()).isEqualTo(2);
    JsonNode h2 = json.readTree(
        client().get("/api/pages/" + page + "/history?before=2&limit=2").body());
    assertThat(h2.get("revisions")).hasSize(1);
    assertThat(h2.get("nextBefore").isNull()).isTrue();

    // A page named like a suffix address owns it; the prefix addresses stay unambiguous.
    assertThat(json.readTree(client().get("/api/history/" + page).body()).get("revisions"))
        .hasSize(3);
    c.edit(page + "/history", "a page named history", "");
    c.edit(page + "/revisions/2", "a page named revisions/2", "");
    assertThat(json.readTree(client().get("/api/pages/" + page + "/history").body())
        .get("content").asText()).isEqualTo("a page named history");
    assertThat(json.readTree(client().get("/api/pages/" + page + "/revisions/2").body())
        .get("content").asText()).isEqualTo("a page named revisions/2");
    assertThat(json.readTree(client().get("/api/history/" + page + "?limit=2").body())
        .get("revisions").get(0).get("number").asLong()).isEqualTo(3);
    assertThat(json.readTree(client().get("/api/revisions/2/" + page).body())
        .get("content").asText()).isEqualTo("v2");
    assertThat(json.readTree(client().get("/api/pages/" + page + "/revisions/1").body())
        .get("content").asText()).isEqualTo("v1");
    assertThat(client().get("/api/history/" + unique("NoSuch")).statusCode()).isEqualTo(404);
    assertThat(client().get("/api/revisions/x/" + page).statusCode()).isEqualTo(400);

    JsonNode recent = json.readTree(client().get("/api/recent?limit=5").body());
    assertThat(recent.isArray()).isTrue();
    assertThat(recent.get(0).has("content")).isFalse();

    HttpResponse<String> missing = client().get("/api/pages/" + unique("NoSuch"));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json.readTree(missing.body()).get("error").asText()).contains("no page");
    assertThat(client().get("/api/pages/" + page + "/revisions/9").statusCode()).isEqualTo(404);
    assertThat(client().get("/api/recent?limit=0").statusCode()).isEqualTo(400);
    for (String path : List.of("/api/nonexistent", "/api/pages", "/api/history/",
        "/api/revisions/1")) {
      HttpResponse<String> none = client().get(path);
      assertThat(none.statusCode()).as(path).isEqualTo(404);
      assertThat(json.readTree(none.body()).get("error").asText()).as(path)
          .contains("no such API address");
    }
    for (String path : List.of("/_static/nosuch.css", "/_user/wes/extra", "/_nothing")) {
      assertThat(client().get(path).statusCode()).as(path).isEqualTo(404);
    }
  }
}
