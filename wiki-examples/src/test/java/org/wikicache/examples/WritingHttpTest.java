package org.wikicache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wikicache.core.PasswordHasher;

/**
 * Writing help over real HTTP (H2 and the in-process cache): preview without saving, the
 * Markdown help, tables and images, wiki links red for missing pages, and the way back to the
 * editor after a forced log-in (without an open redirect).
 */
class WritingHttpTest {
  private static final String PASSWORD = "correct horse";
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static WikiServer server;

  @TempDir static Path dataDir;

  @BeforeAll
  static void start() {
    server = WikiServer.start(WikiServerConfig.newBuilder().port(0).host("127.0.0.1")
        .dataDir(dataDir).passwordHasher(new PasswordHasher(1_000)).build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static WebClient client() {
    return new WebClient(server.url());
  }

  private static String unique(String prefix) {
    return prefix + SEQ.incrementAndGet();
  }

  private static WebClient user() {
    WebClient c = client();
    assertThat(c.signUp(unique("writer"), PASSWORD).statusCode()).isEqualTo(303);
    return c;
  }

  @Test
  void previewRendersTheTextKeepsItInTheEditorAndSavesNothing() {
    WebClient c = user();
    String page = unique("Preview");
    String form = c.get("/_edit/" + page).body();
    assertThat(form).contains("name=\"preview\"").contains("Markdown help");
    String text = "# Draft\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>x()</script>\n\nSee [["
        + page + "]]";
    HttpResponse<String> preview = c.post("/_edit/" + page, Map.of("content", text,
        "comment", "my <summary>", "base", "0", "preview", "1", "csrf", WebClient.csrf(form)));
    assertThat(preview.statusCode()).isEqualTo(200);
    assertThat(preview.body()).contains("This is a preview").contains("<h1>Draft</h1>")
        .contains("<td>1</td>").doesNotContain("<script>")
        .contains("&lt;script&gt;x()&lt;/script&gt;")  // the text, escaped, in the box
        .contains("value=\"my &lt;summary&gt;\"")
        .contains("href=\"/_edit/" + page + "\" class=\"wikilink new\"");
    assertThat(WebClient.hidden(preview.body(), "base")).isEqualTo("0");
    assertThat(client().get("/" + page).statusCode()).isEqualTo(404);  // nothing saved
    assertThat(client().get("/_history/" + page).statusCode()).isEqualTo(404);

    // previewing needs the form's token like saving does
    assertThat(c.post("/_edit/" + page, Map.of("content", text, "base", "0", "preview", "1"))
        .statusCode()).isEqualTo(403);
    // and a login
    HttpResponse<String> anonymous = client().post("/_edit/" + page, Map.of("content", text,
        "base", "0", "preview", "1", "csrf", "x"));
    assertThat(anonymous.statusCode()).isEqualTo(403);
    assertThat(anonymous.body()).contains("&lt;script&gt;x()");  // the text is not lost

    // after previewing, saving from the same form works
    Map<String, String> save = new HashMap<>(Map.of("content", text, "comment", "",
        "base", WebClient.hidden(preview.body(), "base"), "csrf",
        WebClient.csrf(preview.body())));
    assertThat(c.post("/_edit/" + page, save).statusCode()).isEqualTo(303);
    assertThat(client().get("/" + page).body()).contains("<td>2</td>");
  }

  @Test
  void helpPageExplainsTheSyntax() {
    HttpResponse<String> help = client().get("/_help");
    assertThat(help.statusCode()).isEqualTo(200);
    assertThat(help.body()).contains("Writing help").contains("[[Page|label]]")
        .contains("| a | b |").contains("Preview");
    assertThat(client().post("/_help", Map.of()).statusCode()).isEqualTo(405);
  }

  @Test
  void wikiLinksAreRedUntilTheirPageExists() {
    WebClient c = user();
    String target = unique("Target");
    String page = unique("Linking");
    assertThat(c.edit(page, "See [[" + target + "|the target]] and [[" + page + "]].", "")
        .statusCode()).isEqualTo(303);
    String before = client().get("/" + page).body();
    assertThat(before)
        .contains("<a href=\"/_edit/" + target + "\" class=\"wikilink new\" rel=\"nofollow\">"
            + "the target</a>")
        .contains("<a href=\"/" + page + "\" class=\"wikilink\"");
    assertThat(c.edit(target, "here now", "").statusCode()).isEqualTo(303);
    String after = client().get("/" + page).body();
    assertThat(after).contains("<a href=\"/" + target + "\" class=\"wikilink\"")
        .doesNotContain("wikilink new");
    // the second view of the page is still served from the cache: the lookup is a cache hit
    String again = client().get("/" + page).body();
    assertThat(again).contains("Served from cache").contains(">0 store queries<");
  }

  @Test
  void imagesWithHttpsSourcesAreShownOthersAreText() {
    WebClient c = user();
    String page = unique("Images");
    c.edit(page, "![a diagram](https://example.org/d.png)\n\n![local](/x.png)", "");
    String body = client().get("/" + page).body();
    assertThat(body).contains("<img src=\"https://example.org/d.png\" alt=\"a diagram\"")
        .contains("[image: local]").doesNotContain("src=\"/x.png\"");
    assertThat(client().get("/" + page).headers().firstValue("Content-Security-Policy")
        .orElseThrow()).contains("img-src 'self' https: http:");
  }

  @Test
  void afterAForcedLoginTheUserReturnsToTheEditor() {
    String name = unique("returner");
    assertThat(client().signUp(name, PASSWORD).statusCode()).isEqualTo(303);
    WebClient c = client();
    String page = unique("Wanted") + "/Sub";
    HttpResponse<String> edit = c.get("/_edit/" + page + "?x=1");
    assertThat(edit.statusCode()).isEqualTo(303);
    String location = edit.headers().firstValue("Location").orElseThrow();
    assertThat(location).isEqualTo("/login?return=%2F_edit%2F" + page.replace("/", "%2F")
        + "%3Fx%3D1");
    String login = c.get(location).body();
    assertThat(login).contains("name=\"return\" value=\"/_edit/" + page + "?x&#61;1\"");
    HttpResponse<String> in = c.post("/login", Map.of("username", name, "password", PASSWORD,
        "return", "/_edit/" + page, "csrf", WebClient.csrf(login)));
    assertThat(in.statusCode()).isEqualTo(303);
    assertThat(in.headers().firstValue("Location")).hasValue("/_edit/" + page);
    assertThat(c.get("/_edit/" + page).statusCode()).isEqualTo(200);
  }

  @Test
  void aNewUserWhoSignsUpInsteadAlsoReturnsToTheEditor() {
    WebClient c = client();
    String page = unique("Newcomer");
    String location = c.get("/_edit/" + page).headers().firstValue("Location").orElseThrow();
    String login = c.get(location).body();
    assertThat(login).contains("href=\"/signup?return=%2F_edit%2F" + page + "\"");
    String signup = c.get("/signup?return=%2F_edit%2F" + page).body();
    assertThat(signup).contains("name=\"return\" value=\"/_edit/" + page + "\"");
    HttpResponse<String> bad = c.post("/signup", Map.of("username", "x", "password", PASSWORD,
        "verify", PASSWORD, "email", "", "return", "/_edit/" + page,
        "csrf", WebClient.csrf(signup)));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("name=\"return\" value=\"/_edit/" + page + "\"");
    HttpResponse<String> in = c.post("/signup", Map.of("username", unique("newcomer"),
        "password", PASSWORD, "verify", PASSWORD, "email", "", "return", "/_edit/" + page,
        "csrf", WebClient.csrf(bad.body())));
    assertThat(in.statusCode()).isEqualTo(303);
    assertThat(in.headers().firstValue("Location")).hasValue("/_edit/" + page);
    WebClient other = client();
    String form = other.get("/signup").body();
    HttpResponse<String> evil = other.post("/signup", Map.of("username", unique("newcomer"),
        "password", PASSWORD, "verify", PASSWORD, "email", "", "return", "//evil.example",
        "csrf", WebClient.csrf(form)));
    assertThat(evil.headers().firstValue("Location")).hasValue("/");
  }

  @Test
  void theReturnPathCannotLeaveTheSite() {
    String name = unique("safe");
    assertThat(client().signUp(name, PASSWORD).statusCode()).isEqualTo(303);
    for (String evil : List.of("https://evil.example", "//evil.example/x", "/\\evil.example",
        "\\\\evil.example", "/ok\r\nSet-Cookie: a=b", "javascript:alert(1)", "/a b",
        "/" + "x".repeat(Visitors.MAX_RETURN_CHARS), "/logout", "evil", "/\t/evil.example")) {
      WebClient c = client();
      String login = c.get("/login").body();
      HttpResponse<String> in = c.post("/login", Map.of("username", name, "password", PASSWORD,
          "return", evil, "csrf", WebClient.csrf(login)));
      assertThat(in.statusCode()).as(evil).isEqualTo(303);
      assertThat(in.headers().firstValue("Location")).as(evil).hasValue("/");
    }
    String shown = client().get("/login?return=https%3A%2F%2Fevil.example").body();
    assertThat(shown).doesNotContain("evil.example").doesNotContain("name=\"return\"");
    assertThat(Visitors.safeReturn("/_edit/A%20B?v=2")).hasValue("/_edit/A%20B?v=2");
    assertThat(Visitors.safeReturn("/")).hasValue("/");
  }
}
