package org.wikicache.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.PasswordHasher;

/**
 * Every input of the example server's attack table (the issue "no denial of service, no 5xx, no
 * lost text"), sent from outside over HTTP as an attacker or a careless user would, against the
 * server on its embedded defaults (H2, in-process cache). Each must get a 4xx or the correct page,
 * never a 5xx, within {@value #BOUND_MS} ms: a bad request cannot take minutes. The figures are
 * printed, for the record.
 */
class BlackBoxTest {
  /** The bound on any one answer: generous, since the machine may be loaded. */
  static final long BOUND_MS = 10_000;
  private static final String PASSWORD = "correct horse";
  private static final AtomicInteger SEQ = new AtomicInteger();

  @TempDir static Path data;
  private static WikiServer server;
  private static WebClient admin;
  private static RawHttp raw;

  @BeforeAll
  static void start() {
    server = WikiServer.start(WikiServerConfig.newBuilder().port(0).host("127.0.0.1")
        .dataDir(data).passwordHasher(new PasswordHasher(1_000)).build());
    raw = new RawHttp(server.port());
    admin = new WebClient(server.url());
    assertThat(admin.signUp("founder", PASSWORD).statusCode()).isEqualTo(303);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String unique(String prefix) {
    return prefix + SEQ.incrementAndGet();
  }

  private static WebClient user() {
    WebClient c = new WebClient(server.url());
    assertThat(c.signUp(unique("user"), PASSWORD).statusCode()).isEqualTo(303);
    return c;
  }

  /** Runs {@code request}, asserts the bound, prints the figure (unless {@code what} is null). */
  private static <T> T timed(@Nullable String what, java.util.function.Supplier<T> request) {
    long t0 = System.nanoTime();
    T answer = request.get();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (what != null) {
      System.out.printf("black box: %-60s %6d ms%n", what, ms);
    }
    assertThat(ms).as("%s took %s ms", what, ms).isLessThan(BOUND_MS);
    return answer;
  }

  // ------------------------------------------------------------ diffs

  @Test
  void diffsOfRevisionsWhoseLinesAllDifferAreBoundedAndSaySo() {
    WebClient author = user();
    for (int lines : new int[] {10_000, 30_000}) {
      String page = unique("Lines" + lines);
      assertThat(author.edit(page, LineDiffTest.numbered("a", lines, 0), "").statusCode())
          .isEqualTo(303);
      assertThat(author.edit(page, LineDiffTest.numbered("b", lines, 0), "").statusCode())
          .isEqualTo(303);
      HttpResponse<String> diff = timed("anonymous /_diff, " + lines + " lines all different",
          () -> new WebClient(server.url()).get("/_diff/" + page + "?from=1&to=2"));
      assertThat(diff.statusCode()).isEqualTo(200);
      assertThat(diff.body()).contains("too different to show line by line")
          .contains(lines + " lines and " + lines + " lines");
    }
    Random random = new Random(1);
    String page = unique("Big");
    String a = LineDiffTest.randomPage(random, 2 * 1024 * 1024 - 200);
    String b = LineDiffTest.randomPage(random, 2 * 1024 * 1024 - 200);
    assertThat(author.edit(page, a, "").statusCode()).isEqualTo(303);
    assertThat(author.edit(page, b, "").statusCode()).isEqualTo(303);
    HttpResponse<String> diff = timed("anonymous /_diff, two different 2 MiB pages",
        () -> new WebClient(server.url()).get("/_diff/" + page + "?from=1&to=2"));
    assertThat(diff.statusCode()).isEqualTo(200);
    assertThat(diff.body()).contains("too different to show line by line");
    // the edit-conflict page uses the same diff: a stale 2 MiB save is bounded too
    HttpResponse<String> form = author.get("/_edit/" + page);
    assertThat(author.edit(page, a, "back").statusCode()).isEqualTo(303);
    HttpResponse<String> conflict = timed("edit conflict on a 2 MiB page",
        () -> author.post("/_edit/" + page, Map.of("content", b + "mine", "comment", "",
            "base", WebClient.hidden(form.body(), "base"), "csrf", WebClient.csrf(form.body()))));
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.body()).contains("Edit conflict").contains("mine</textarea>");
  }

  @Test
  void pagesWhoseMarkdownIsHardToParseAreShownWithinTheBound() {
    WebClient author = user();
    int half = 1024 * 1024 - 10;
    for (String text : List.of("*".repeat(half) + "a" + "*".repeat(half),
        "> ".repeat(half) + "a", "[a](b) ".repeat(Markdown.MAX_MARKUP_CHARS / 3))) {
      String page = unique("Hard");
      assertThat(author.edit(page, text, "").statusCode()).isEqualTo(303);
      HttpResponse<String> view = timed("view of a hard Markdown page " + text.substring(0, 6),
          () -> new WebClient(server.url()).get("/" + page));
      assertThat(view.statusCode()).isEqualTo(200);
    }
  }

  // ------------------------------------------------------------ sessions

  @Test
  void anonymousLoginAndSignUpFormsCreateNoSessions() {
    WebClient user = user();
    int before = liveSessions();
    WebClient anonymous = new WebClient(server.url());
    long t0 = System.nanoTime();
    for (int i = 0; i < 1_000; i++) {
      anonymous.cookies().getCookieStore().removeAll();  // each time a new visitor
      timed(null, () -> assertThat(anonymous.get("/login").statusCode()).isEqualTo(200));
      timed(null, () -> assertThat(anonymous.get("/signup").statusCode()).isEqualTo(200));
      if (i % 5 == 0) {
        timed(null, () -> assertThat(anonymous.post("/login", Map.of("username", "x",
            "password", "y", "csrf", "forged")).statusCode()).isEqualTo(403));
      }
    }
    System.out.printf("black box: %-60s %6d ms%n", "2,000 anonymous GET /login and /signup, "
        + "200 forged POST /login", (System.nanoTime() - t0) / 1_000_000);
    assertThat(liveSessions()).isEqualTo(before);
    assertThat(user.get("/").body()).contains("log out");
  }

  private static int liveSessions() {
    Matcher m = Pattern.compile("id=\"sessions\">(\\d+)<").matcher(admin.get("/_stats").body());
    assertThat(m.find()).as("the admin sees the session count").isTrue();
    return Integer.parseInt(m.group(1));
  }

  // ------------------------------------------------------------ bodies

  @Test
  void multipartBodiesAndUnknownCharsetsAre415NeverA5xx() {
    String boundary = "XyZ";
    String field = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\n"
        + "x".repeat(200_000) + "\r\n--" + boundary + "--\r\n";
    byte[] bytes = field.getBytes(UTF_8);
    expect415(timed("multipart with a 200 KB field to /login", () -> raw.send(
        post("/login", "multipart/form-data; boundary=" + boundary, bytes.length), bytes)));
    expect415(timed("multipart body cut off", () -> raw.send(
        post("/login", "multipart/form-data; boundary=" + boundary, bytes.length), bytes,
        1000)));
    expect415(timed("multipart without a boundary", () -> raw.send(
        post("/login", "multipart/form-data", bytes.length), bytes)));
    byte[] form = "username=a&password=b".getBytes(UTF_8);
    for (String type : List.of("application/x-www-form-urlencoded; charset=nope",
        "application/x-www-form-urlencoded; charset=UTF-16",
        "application/x-www-form-urlencoded; charset", "text/plain", "application/json",
        "nonsense")) {
      expect415(timed("form with Content-Type " + type, () -> raw.send(
          post("/login", type, form.length), form)));
    }
    // a logged-in editor's form sent as multipart is refused too, and nothing is saved
    WebClient editor = user();
    String page = unique("Multipart");
    String token = WebClient.csrf(editor.get("/_edit/" + page).body());
    String upload = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n"
        + token + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"base\"\r\n\r\n"
        + "0\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"content\"; "
        + "filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nfile text\r\n--" + boundary
        + "--\r\n";
    byte[] uploadBytes = upload.getBytes(UTF_8);
    expect415(raw.send(post("/_edit/" + page, "multipart/form-data; boundary=" + boundary,
        uploadBytes.length) + "\r\nCookie: " + cookie(editor), uploadBytes));
    assertThat(new WebClient(server.url()).get("/" + page).statusCode()).isEqualTo(404);
  }

  @Test
  void cutOffAndMalformedFormsAre400() {
    byte[] form = "username=abc&password=def".getBytes(UTF_8);
    RawHttp.Answer cut = timed("url-encoded body cut off", () -> raw.send(
        post("/login", "application/x-www-form-urlencoded", 1000), form));
    assertThat(cut.status()).isBetween(400, 499);
    for (String body : List.of("a=%zz", "a=%e9", "a=%", "%ff%fe=1", "a=%C3%28")) {
      byte[] bytes = body.getBytes(UTF_8);
      RawHttp.Answer bad = raw.send(post("/login", "application/x-www-form-urlencoded",
          bytes.length), bytes);
      assertThat(bad.status()).as(body).isEqualTo(400);
    }
    byte[] many = "a=1&".repeat(500).getBytes(UTF_8);
    assertThat(raw.send(post("/login", "application/x-www-form-urlencoded", many.length), many)
        .status()).isEqualTo(400);
  }

  @Test
  void largeUploadsAreRefusedBeforeTheyAreRead() {
    for (long mib : new long[] {50, 200}) {
      long bytes = mib * 1024 * 1024;
      RawHttp.Answer multipart = timed("anonymous multipart upload of " + mib + " MiB to /login",
          () -> raw.upload(post("/login", "multipart/form-data; boundary=x", bytes), bytes,
              (byte) 'x'));
      assertThat(multipart.status()).isIn(413, 415);
      RawHttp.Answer form = timed("url-encoded upload of " + mib + " MiB to /login",
          () -> raw.upload(post("/login", "application/x-www-form-urlencoded", bytes), bytes,
              (byte) 'x'));
      assertThat(form.status()).isEqualTo(413);
      System.out.printf("black box: %d MiB uploads: %d and %d KiB were on their way when the "
          + "answer came%n", mib, multipart.bodyBytesSent() / 1024, form.bodyBytesSent() / 1024);
    }
    // without a declared length (chunked), reading stops at the limit
    RawHttp.Answer chunked = timed("chunked url-encoded upload of 50 MiB to /login",
        () -> raw.upload("POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded"
            + "\r\nTransfer-Encoding: chunked", 50L * 1024 * 1024, (byte) 'x'));
    assertThat(chunked.status()).isBetween(400, 499);
    WebClient editor = user();
    HttpResponse<String> big = timed("editor post of 7 MiB (over the 6 MiB body limit)",
        () -> editor.edit(unique("Huge"), "y".repeat(7 * 1024 * 1024), ""));
    assertThat(big.statusCode()).isEqualTo(413);
  }

  @Test
  void aBodyThatTricklesInIsCutOff() {
    // 5 bytes a second where Jetty wants at least 1 KiB a second: refused within seconds
    RawHttp.Answer slow = timed("a form body trickling in at 5 bytes/s",
        () -> raw.trickle(post("/login", "application/x-www-form-urlencoded", 10_000), 5));
    assertThat(slow.status()).isEqualTo(408);
  }

  // ------------------------------------------------------------ logout

  @Test
  void logoutIsAPostWithTheSessionsToken() {
    WebClient user = user();
    HttpResponse<String> get = user.get("/logout");
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow").orElseThrow()).contains("POST")
        .doesNotContain("GET");
    assertThat(user.post("/logout", Map.of()).statusCode()).isEqualTo(403);
    assertThat(user.post("/logout", Map.of("csrf", "A".repeat(43))).statusCode()).isEqualTo(403);
    assertThat(user.get("/").body()).contains("log out");
    assertThat(user.logOut().statusCode()).isEqualTo(303);
    assertThat(user.get("/").body()).doesNotContain("log out");
  }

  // ------------------------------------------------------------ names

  @Test
  void routeNamesCannotBeCreatedInAnyCase() {
    WebClient editor = user();
    for (String name : List.of("login", "signup", "logout", "api/recent", "api", "Login",
        "LOGOUT", "SignUp/Sub", "api/pages/Main")) {
      HttpResponse<String> form = editor.get("/_edit/" + name);
      assertThat(form.statusCode()).as(name).isEqualTo(400);
      assertThat(WebClient.unescape(form.body())).as(name).contains("is reserved");
      HttpResponse<String> saved = editor.post("/_edit/" + name, Map.of("content",
          "my text for " + name, "comment", "", "base", "0",
          "csrf", WebClient.csrf(editor.get("/_recent").body())));
      assertThat(saved.statusCode()).as(name).isEqualTo(400);
      assertThat(saved.body()).contains("my text for " + name);  // not lost
    }
    assertThat(new WebClient(server.url()).get("/login").body()).contains("<h1>Log in</h1>");
    assertThat(new WebClient(server.url()).get("/Login").statusCode()).isEqualTo(404);
    assertThat(new WebClient(server.url()).get("/_recent").body())
        .doesNotContain("href=\"/logout\"").doesNotContain("href=\"/login\">login");
  }

  @Test
  void lookAlikeNamesAreRefusedAndCaseVariantsAreTheirOwnPages() {
    WebClient editor = user();
    for (String name : List.of("%20Main", "Main%20", "Ma%E2%80%AEin", "A/%20B", "A%C2%A0B",
        "Zero%E2%80%8BWidth")) {
      assertThat(new WebClient(server.url()).get("/" + name).statusCode()).as(name)
          .isEqualTo(400);
      assertThat(editor.get("/_edit/" + name).statusCode()).as(name).isEqualTo(400);
    }
    String page = unique("Case");
    editor.edit(page, "the real one", "");
    assertThat(new WebClient(server.url()).get("/" + page).body()).contains("the real one");
    HttpResponse<String> variant = new WebClient(server.url())
        .get("/" + page.toUpperCase(java.util.Locale.ROOT));
    assertThat(variant.statusCode()).isEqualTo(404);  // no such page (yet): names are exact
  }

  // ------------------------------------------------------------ lost text

  @Test
  void aSecondSaveAfterAConflictConflictsAgainUnlessMerged() {
    WebClient alice = user();
    WebClient bob = user();
    String page = unique("Race");
    alice.edit(page, "one\n", "");
    HttpResponse<String> bobForm = bob.get("/_edit/" + page);
    alice.edit(page, "one\nalice\n", "");
    Map<String, String> mine = new HashMap<>(Map.of("content", "one\nbob\n", "comment", "",
        "base", WebClient.hidden(bobForm.body(), "base"), "csrf",
        WebClient.csrf(bobForm.body())));
    HttpResponse<String> first = bob.post("/_edit/" + page, mine);
    assertThat(first.statusCode()).isEqualTo(409);
    mine.put("base", WebClient.hidden(first.body(), "base"));
    HttpResponse<String> second = bob.post("/_edit/" + page, mine);
    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(new WebClient(server.url()).get("/" + page).body()).contains("alice");
  }

  @Test
  void aTooLongPageComesBackInTheEditor() {
    WebClient editor = user();
    String text = "z".repeat(2_621_440);  // 2.5 MiB
    HttpResponse<String> r = timed("saving a 2.5 MiB page",
        () -> editor.edit(unique("Long"), text, "my summary"));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("The page is too long").contains(">" + text + "</textarea>")
        .contains("value=\"my summary\"");
  }

  // ------------------------------------------------------------ methods

  @Test
  void otherMethodsAre405WithAllowAndHeadIsLikeGet() {
    admin.edit("Main", "# Main\n\nwelcome", "");
    for (String method : List.of("PUT", "DELETE", "PATCH", "TRACE")) {
      RawHttp.Answer a = raw.send(method + " /Main HTTP/1.1\r\nContent-Length: 0", new byte[0]);
      assertThat(a.status()).as(method).isEqualTo(405);
      assertThat(a.header("Allow")).as(method).contains("GET").contains("HEAD");
    }
    RawHttp.Answer api = raw.send("DELETE /api/pages/Main HTTP/1.1\r\nContent-Length: 0",
        new byte[0]);
    assertThat(api.status()).isEqualTo(405);
    assertThat(api.header("Content-Type")).contains("json");
    RawHttp.Answer options = raw.send("OPTIONS /_edit/Main HTTP/1.1\r\nContent-Length: 0",
        new byte[0]);
    assertThat(options.status()).isEqualTo(204);
    assertThat(options.header("Allow")).contains("GET").contains("POST").contains("OPTIONS");
    raw.send("GET /Main HTTP/1.1", new byte[0]);  // now cached: the footers are alike
    RawHttp.Answer head = raw.send("HEAD /Main HTTP/1.1", new byte[0]);
    RawHttp.Answer get = raw.send("GET /Main HTTP/1.1", new byte[0]);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"))
        .startsWith("text/html");
    assertThat(head.header("Content-Length")).isEqualTo(get.header("Content-Length"));
    assertThat(head.body()).isEmpty();
  }

  // ------------------------------------------------------------ stats

  @Test
  void statsShowInternalsToAdminsOnly() {
    String anonymous = new WebClient(server.url()).get("/_stats").body();
    String user = user().get("/_stats").body();
    for (String page : List.of(anonymous, user)) {
      assertThat(page).contains("Cache hit ratio").doesNotContain(data.toString())
          .doesNotContain("H2 in").doesNotContain("id=\"sessions\"");
    }
    assertThat(admin.get("/_stats").body()).contains("H2 in").contains("id=\"sessions\"");
  }

  // ------------------------------------------------------------ services down

  @Test
  void aCacheThatIsNotThereCostsNoErrors(@TempDir Path other) {
    try (WikiServer noCache = WikiServer.start(WikiServerConfig.newBuilder().port(0)
        .host("127.0.0.1").dataDir(other).memcached("127.0.0.1:" + closedPort())
        .passwordHasher(new PasswordHasher(1_000)).build())) {
      WebClient c = new WebClient(noCache.url());
      timed("sign up with memcached down",
          () -> assertThat(c.signUp("admin", PASSWORD).statusCode()).isEqualTo(303));
      timed("edit with memcached down",
          () -> assertThat(c.edit("Main", "still **works**", "").statusCode()).isEqualTo(303));
      HttpResponse<String> stats = timed("/_stats with memcached down", () -> c.get("/_stats"));
      assertThat(stats.statusCode()).isEqualTo(200);
      assertThat(stats.body()).contains("unavailable");
      assertThat(timed("view with memcached down", () -> c.get("/Main")).body())
          .contains("<strong>works</strong>");
      assertThat(new WebClient(noCache.url()).get("/api/pages/Main").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void mailThatIsNotThereCostsNoErrors() {
    try (WikiServer noMail = WikiServer.start(WikiServerConfig.newBuilder().port(0)
        .host("127.0.0.1").inMemory(true).smtp("127.0.0.1:" + closedPort())
        .passwordHasher(new PasswordHasher(1_000)).build())) {
      WebClient c = new WebClient(noMail.url());
      timed("sign up with SMTP down",
          () -> assertThat(c.signUp("admin", PASSWORD).statusCode()).isEqualTo(303));
      timed("edit with SMTP down",
          () -> assertThat(c.edit("Main", "mail is down", "").statusCode()).isEqualTo(303));
      assertThat(c.get("/_stats").statusCode()).isEqualTo(200);
    }
  }

  // ------------------------------------------------------------ odd requests

  @Test
  void oddRequestsGetA4xxOrThePageNeverA5xx() {
    List<String> heads = new ArrayList<>(List.of(
        "GET /Main?v=abc HTTP/1.1", "GET /Main?v=-1 HTTP/1.1", "GET /Main?v=99999999999999999999"
            + " HTTP/1.1", "GET /Main?v=%zz HTTP/1.1", "GET /Main?v=%C3%28 HTTP/1.1",
        "GET /_diff/Main?to=0 HTTP/1.1", "GET /_diff/Main?from=5&to=1 HTTP/1.1",
        "GET /_diff/Main HTTP/1.1", "GET /_history/Main?before=0 HTTP/1.1",
        "GET /_history/Main?before=x HTTP/1.1", "GET /api/recent?limit=100000 HTTP/1.1",
        "GET /api/recent?limit=%E2%91%A0 HTTP/1.1", "GET /api/pages/Main/revisions/-1 HTTP/1.1",
        "GET /api/pages/Main/revisions/%D9%A1 HTTP/1.1", "GET /api/pages/Main/history?before=0"
            + " HTTP/1.1", "GET /_user/" + "u".repeat(500) + " HTTP/1.1",
        "GET /_user/%00 HTTP/1.1", "GET /_nothing HTTP/1.1", "GET /_edit/ HTTP/1.1",
        "GET /.. HTTP/1.1", "GET /a/../../etc/passwd HTTP/1.1", "GET /%2e%2e/x HTTP/1.1",
        "GET //Main HTTP/1.1", "GET /Main/ HTTP/1.1", "GET /a%2Fb HTTP/1.1",
        "GET /" + "x".repeat(300) + " HTTP/1.1", "GET /%ff HTTP/1.1",
        "GET /Main HTTP/1.1\r\nContent-Type: text/plain; charset", "GET /Main?v=1 HTTP/1.1\r\n"
            + "Content-Type: application/x-www-form-urlencoded; charset=nope",
        "GET /Main HTTP/1.1\r\nCookie: wiki_session=" + "A".repeat(5000),
        "GET /login HTTP/1.1\r\nCookie: wiki_csrf=a.b.c", "FOO /Main HTTP/1.1",
        "POST /Main HTTP/1.1\r\nContent-Length: 0", "POST /_revert/Main HTTP/1.1\r\n"
            + "Content-Length: 0", "POST /_user/founder HTTP/1.1\r\nContent-Length: 0",
        "POST /_edit/Main HTTP/1.1\r\nContent-Length: 0", "POST /logout HTTP/1.1\r\n"
            + "Content-Length: 0", "GET /_static/../templates/layout.mustache HTTP/1.1",
        "GET /Main HTTP/1.0", "GET /Main HTTP/1.1\r\nExpect: 100-continue",
        "GET /%2?to=1 HTTP/1.1", "GET /_edit/% HTTP/1.1", "OPTIONS /api/pages/+/%2 HTTP/1.1",
        "GET /%ED%A0%80 HTTP/1.1", "GET /%C0%80 HTTP/1.1", "GET /_user/%FF HTTP/1.1",
        "POST /_diff/%?from= HTTP/1.1\r\nContent-Length: 0"));
    for (String head : heads) {
      RawHttp.Answer a = raw.send(head, new byte[0]);
      assertThat(a.status()).as(head).isBetween(200, 499);
      assertThat(a.millis()).as(head).isLessThan(BOUND_MS);
    }
    // the editor's fields with bad values: refused with the text kept
    WebClient editor = user();
    String token = WebClient.csrf(editor.get("/_recent").body());
    for (Map<String, String> form : List.of(Map.of("content", "text kept", "base", "x"),
        Map.of("content", "text kept", "base", "-1"),
        Map.of("content", "text kept", "base", "0", "merged", "zz"),
        Map.of("content", "text kept"))) {
      Map<String, String> withToken = new HashMap<>(form);
      withToken.put("csrf", token);
      HttpResponse<String> r = editor.post("/_edit/" + unique("Odd"), withToken);
      assertThat(r.statusCode()).as(form.toString()).isEqualTo(400);
      assertThat(r.body()).contains("text kept");
    }
  }

  // ------------------------------------------------------------ helpers

  private static String post(String path, String contentType, long length) {
    return "POST " + path + " HTTP/1.1\r\nContent-Type: " + contentType + "\r\nContent-Length: "
        + length;
  }

  private static void expect415(RawHttp.Answer a) {
    assertThat(a.status()).as(a.body()).isEqualTo(415);
    assertThat(a.header("Accept-Post")).contains("application/x-www-form-urlencoded");
  }

  private static String cookie(WebClient c) {
    return c.cookies().getCookieStore().getCookies().stream()
        .filter(k -> k.getName().equals(Visitors.SESSION_COOKIE))
        .map(k -> k.getName() + "=" + k.getValue()).findFirst().orElseThrow();
  }

  private static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String urlEncode(String s) {
    return URLEncoder.encode(s, UTF_8);
  }
}
