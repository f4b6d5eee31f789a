package org.wikicache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.wikicache.core.PasswordHasher;

/**
 * The routes of issue 15 over real HTTP, against a server on each store (H2 in a temporary
 * directory, PostgreSQL, MariaDB: one subclass each) with the in-process cache: search, the index, sub-pages, what links here,
 * wanted pages, contributions, move, delete and restore, protect, block, and their JSON; for
 * each, bad input is a 4xx, a post without the CSRF token a 403, an admin's action by anyone
 * else a 403, and a wrong method a 405 with {@code Allow}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractFeatureRoutesHttpTest {
  private static final String PASSWORD = "correct horse";
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();
  private WikiServer server;
  private WebClient admin;

  /** Points {@code builder} at the store under test (a data directory or a database URL). */
  abstract WikiServerConfig.Builder store(WikiServerConfig.Builder builder, Path dataDir);

  /** Releases the store under test, after the server has stopped. */
  void releaseStore() {}

  @BeforeAll
  void start(@TempDir Path dataDir) {
    server = WikiServer.start(store(WikiServerConfig.newBuilder().port(0).host("127.0.0.1")
        .passwordHasher(new PasswordHasher(1_000)), dataDir).build());
    admin = client();
    assertThat(admin.signUp("boss", PASSWORD).statusCode()).isEqualTo(303);  // the first: admin
  }

  @AfterAll
  void stop() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      releaseStore();
    }
  }

  private WebClient client() {
    return new WebClient(server.url());
  }

  private static String unique(String prefix) {
    return prefix + SEQ.incrementAndGet();
  }

  private WebClient user(String prefix) {
    WebClient c = client();
    assertThat(c.signUp(unique(prefix), PASSWORD).statusCode()).isEqualTo(303);
    return c;
  }

  private static void create(WebClient c, String page, String content) {
    assertThat(c.edit(page, content, "").statusCode()).as(page).isEqualTo(303);
  }

  private static String token(WebClient c) {
    return WebClient.csrf(c.get("/_recent").body());
  }

  private JsonNode json(String path) throws Exception {
    HttpResponse<String> r = client().get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  // ------------------------------------------------------------ search

  @Test
  void searchFindsPagesRanksPagesAndEscapesSnippets() throws Exception {
    WebClient c = user("searcher");
    String word = "quokka" + SEQ.incrementAndGet() + "x";
    String page = unique("Marsupial");
    create(c, page, "The " + word + " is <b>happy</b> & lives on an island.");
    create(c, unique("Other"), "Nothing to see here.");
    HttpResponse<String> r = client().get("/_search?q=" + word);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("<a href=\"/" + page + "\">" + page + "</a>")
        .doesNotContain("<b>happy</b>").contains("&lt;b&gt;happy");
    assertThat(client().get("/_search?q=nomatchwordatall").body()).contains("No page matches");
    assertThat(client().get("/_search").statusCode()).isEqualTo(200);
    // a query that names a page links to it, or offers to create it
    assertThat(client().get("/_search?q=" + page).body())
        .contains("There is a page called <a href=\"/" + page + "\">");
    assertThat(client().get("/_search?q=" + unique("Nowhere")).body())
        .contains("class=\"new\" href=\"/_edit/Nowhere");
    // escaped query, bounded length and depth
    assertThat(client().get("/_search?q=%3Cscript%3E").body()).doesNotContain("<script>");
    assertThat(client().get("/_search?q=" + "a".repeat(201)).statusCode()).isEqualTo(400);
    assertThat(client().get("/_search?q=x&page=0").statusCode()).isEqualTo(400);
    assertThat(client().get("/_search?q=x&page=26").statusCode()).isEqualTo(400);
    assertThat(client().get("/_search?q=x&page=abc").statusCode()).isEqualTo(400);

    JsonNode api = json("/api/search?q=" + word + "&limit=5");
    assertThat(api.get("hits")).hasSize(1);
    assertThat(api.get("hits").get(0).get("name").asText()).isEqualTo(page);
    assertThat(api.get("hits").get(0).get("snippet").asText()).contains(word);
    assertThat(client().get("/api/search?q=x&limit=0").statusCode()).isEqualTo(400);
    assertThat(client().get("/api/search?q=x&offset=499&limit=2").statusCode()).isEqualTo(400);
    // offset + limit would wrap around to a negative number
    assertThat(client().get("/api/search?q=x&offset=9223372036854775807&limit=1").statusCode())
        .isEqualTo(400);
    assertThat(client().get("/api/search?q=" + "a".repeat(201)).statusCode()).isEqualTo(400);
  }

  @Test
  void searchResultsArePaged() {
    WebClient c = user("pager");
    String word = "wombat" + SEQ.incrementAndGet() + "y";
    for (int i = 0; i < SearchRoutes.PAGE + 3; i++) {
      create(c, unique("Burrow"), "a " + word + " number " + i);
    }
    String first = WebClient.unescape(client().get("/_search?q=" + word).body());
    assertThat(first.split("<li>", -1)).hasSize(SearchRoutes.PAGE + 1);
    assertThat(first).contains("page=2\">more results</a>");
    String second = WebClient.unescape(client().get("/_search?q=" + word + "&page=2").body());
    assertThat(second.split("<li>", -1)).hasSize(3 + 1);
    assertThat(second).contains("previous results").doesNotContain("more results")
        .contains("start=\"21\"");
  }

  // ------------------------------------------------------------ index, sub-pages, links

  @Test
  void indexIsKeysetPagedAndSubpagesAreListedOnTheirPage() throws Exception {
    WebClient c = user("indexer");
    String parent = unique("Tree");
    create(c, parent, "root");
    for (int i = 0; i < 3; i++) {
      create(c, parent + "/Leaf" + i, "leaf " + i);
    }
    String page = client().get("/" + parent).body();
    assertThat(page).contains("<h2>Sub-pages</h2>").contains("href=\"/" + parent + "/Leaf0\"")
        .contains("href=\"/" + parent + "/Leaf2\"").doesNotContain("all sub-pages");
    String subs = client().get("/_subpages/" + parent).body();
    assertThat(subs).contains(parent + "/Leaf1");
    JsonNode apiSubs = json("/api/subpages/" + parent + "?limit=2");
    assertThat(apiSubs.get("pages")).hasSize(2);
    assertThat(apiSubs.get("next").asText()).isEqualTo(parent + "/Leaf1");
    JsonNode rest = json("/api/subpages/" + parent + "?limit=2&after=" + parent + "/Leaf1");
    assertThat(rest.get("pages").get(0).asText()).isEqualTo(parent + "/Leaf2");
    assertThat(rest.get("next").isNull()).isTrue();

    for (int i = 0; i < Listing.PAGE + 1; i++) {
      create(c, unique("Idx"), "x");
    }
    String index = WebClient.unescape(client().get("/_index").body());
    assertThat(index).contains("<h1>All pages</h1>").contains("rel=\"next\"");
    String next = index.replaceAll("(?s).*<a rel=\"next\" href=\"([^\"]*)\".*", "$1");
    assertThat(next).startsWith("/_index?after=");
    HttpResponse<String> second = client().get(next);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).contains("first page");
    JsonNode api = json("/api/index?limit=3");
    assertThat(api.get("pages")).hasSize(3);
    assertThat(json("/api/index?limit=3&after=" + api.get("next").asText()).get("pages")
        .get(0).asText()).isGreaterThan(api.get("next").asText());
    assertThat(client().get("/_index?after=_bad").statusCode()).isEqualTo(400);
    assertThat(client().get("/_index?after=" + "x".repeat(300)).statusCode()).isEqualTo(400);
    assertThat(client().get("/api/index?limit=501").statusCode()).isEqualTo(400);
    assertThat(client().get("/api/index?limit=-1").statusCode()).isEqualTo(400);
    assertThat(client().get("/_subpages/bad%01name").statusCode()).isEqualTo(400);
  }

  @Test
  void whatLinksHereAndWantedPages() throws Exception {
    WebClient c = user("linker");
    String target = unique("Wanted");
    String a = unique("LinksA");
    String b = unique("LinksB");
    create(c, a, "See [[" + target + "]].");
    create(c, b, "Also [[" + target + "|that]] and `[[" + unique("InCode") + "]]`.");
    String links = client().get("/_links/" + target).body();
    assertThat(links).contains("What links to " + target).contains("href=\"/" + a + "\"")
        .contains("href=\"/" + b + "\"");
    assertThat(client().get("/_wanted").body())
        .contains("<a class=\"new\" href=\"/_edit/" + target + "\">" + target + "</a>")
        .contains("href=\"/_links/" + target + "\"").doesNotContain("InCode");
    JsonNode api = json("/api/links/" + target);
    assertThat(api.get("pages")).extracting(JsonNode::asText).containsExactly(a, b);
    JsonNode wanted = json("/api/wanted?limit=500");
    assertThat(wanted.get("pages")).extracting(JsonNode::asText).contains(target);
    create(c, target, "now here");
    assertThat(json("/api/wanted?limit=500").get("pages")).extracting(JsonNode::asText)
        .doesNotContain(target);
    assertThat(client().get("/" + a).body()).contains("href=\"/" + target + "\" class=\"wikilink\"")
        .doesNotContain("wikilink new");
    assertThat(client().get("/_links/_x").statusCode()).isEqualTo(400);
    assertThat(client().get("/_wanted?after=%00").statusCode()).isEqualTo(400);
  }

  @Test
  void contributionsAreOnTheProfile() throws Exception {
    WebClient c = client();
    String name = unique("contributor");
    assertThat(c.signUp(name, PASSWORD).statusCode()).isEqualTo(303);
    String page = unique("Contributed");
    for (int i = 1; i <= AccountRoutes.CONTRIBUTIONS + 2; i++) {
      assertThat(c.edit(page, "text " + i, "edit number " + i).statusCode()).isEqualTo(303);
    }
    String profile = client().get("/_user/" + name).body();
    assertThat(profile).contains("<h2>Contributions</h2>").contains("edit number 22")
        .doesNotContain("edit number 2<").contains("older contributions");
    String older = WebClient.unescape(
        profile.replaceAll("(?s).*<a rel=\"next\" href=\"([^\"]*)\".*", "$1"));
    String second = client().get(older).body();
    assertThat(second).contains("edit number 2<").contains("edit number 1<")
        .doesNotContain("edit number 22");
    JsonNode api = json("/api/contributions/" + name + "?limit=20");
    assertThat(api.get("revisions")).hasSize(20);
    assertThat(api.get("revisions").get(0).get("comment").asText()).isEqualTo("edit number 22");
    JsonNode rest = json("/api/contributions/" + name + "?limit=20&before="
        + api.get("nextBefore").asLong());
    assertThat(rest.get("revisions")).hasSize(2);
    assertThat(rest.get("nextBefore").isNull()).isTrue();
    assertThat(client().get("/api/contributions/" + unique("nobody")).statusCode())
        .isEqualTo(404);
    assertThat(client().get("/api/contributions/" + name + "?limit=0").statusCode())
        .isEqualTo(400);
    assertThat(client().get("/_user/" + name + "?before=x").statusCode()).isEqualTo(400);
    assertThat(client().get("/_user/" + name + "?before=0").statusCode()).isEqualTo(400);
  }

  // ------------------------------------------------------------ move

  @Test
  void moveKeepsHistoryAndLeavesARedirectThatViewsFollow() {
    WebClient c = user("mover");
    String from = unique("OldName");
    String to = unique("NewName");
    create(c, from, "first");
    create(c, from + "/Child", "child");
    assertThat(c.edit(from, "second", "").statusCode()).isEqualTo(303);
    String form = c.get("/_move/" + from).body();
    assertThat(form).contains("New name");
    HttpResponse<String> moved = c.post("/_move/" + from, Map.of("to", to, "subpages", "1",
        "comment", "better <name>", "csrf", WebClient.csrf(form)));
    assertThat(moved.statusCode()).isEqualTo(303);
    assertThat(moved.headers().firstValue("Location")).hasValue("/" + to);
    String view = client().get("/" + from).body();
    assertThat(view).contains("<h1>" + to + "</h1>").contains("Redirected from <a href=\"/"
        + from + "?redirect=no\">" + from + "</a>").contains("second");
    assertThat(client().get("/" + from + "?redirect=no").body()).contains("#REDIRECT");
    assertThat(client().get("/_history/" + to).body()).contains("?v=2\">2</a>")
        .contains("?v=1\">1</a>");
    assertThat(client().get("/" + to + "/Child").statusCode()).isEqualTo(200);

    // taken target: 409 with the form and what was typed
    String other = unique("Taken");
    create(c, other, "x");
    HttpResponse<String> taken = c.post("/_move/" + to, Map.of("to", other, "comment", "",
        "csrf", token(c)));
    assertThat(taken.statusCode()).isEqualTo(409);
    assertThat(taken.body()).contains("There is already a page").contains("value=\"" + other);
    // bad names
    assertThat(c.post("/_move/" + to, Map.of("to", "_bad", "csrf", token(c))).statusCode())
        .isEqualTo(400);
    assertThat(c.post("/_move/" + to, Map.of("to", "login", "csrf", token(c))).statusCode())
        .isEqualTo(400);
    assertThat(c.post("/_move/" + to, Map.of("to", "A|B", "csrf", token(c))).statusCode())
        .isEqualTo(400);
    assertThat(c.post("/_move/" + to, Map.of("to", to, "csrf", token(c))).statusCode())
        .isEqualTo(400);
    assertThat(c.post("/_move/" + to, Map.of("to", "Y", "comment", "c".repeat(501),
        "csrf", token(c))).statusCode()).isEqualTo(400);
    // a page that does not exist
    assertThat(c.post("/_move/" + unique("Ghost"), Map.of("to", unique("Z"), "csrf",
        token(c))).statusCode()).isEqualTo(409);
    assertThat(c.get("/_move/" + unique("Ghost")).statusCode()).isEqualTo(404);
    // no token, or no session: 403 with the form as filled in; nothing moved
    String typed = unique("Typed");
    HttpResponse<String> stale = c.post("/_move/" + to, Map.of("to", typed, "comment",
        "a reason typed once", "csrf", "stale"));
    assertThat(stale.statusCode()).isEqualTo(403);
    assertThat(stale.body()).contains("security token").contains("value=\"" + typed)
        .contains("a reason typed once");
    HttpResponse<String> anonymous = client().post("/_move/" + to, Map.of("to", typed,
        "comment", "a reason typed once"));
    assertThat(anonymous.statusCode()).isEqualTo(403);
    assertThat(anonymous.body()).contains("not logged in").contains("value=\"" + typed)
        .contains("a reason typed once");
    assertThat(client().get("/" + typed).statusCode()).isEqualTo(404);
    assertThat(client().get("/_move/" + to).headers().firstValue("Location"))
        .hasValue("/login?return=%2F_move%2F" + to);
    // the fresh token of the form that came back works
    assertThat(c.post("/_move/" + to, Map.of("to", typed, "comment", "",
        "csrf", WebClient.csrf(stale.body()))).statusCode()).isEqualTo(303);
  }

  @Test
  void aMoveOrRevertFromAFormOpenedBeforeThePageChangedIsRefused() {
    WebClient alice = user("alice");
    WebClient bob = user("bob");
    String page = unique("Contested");
    create(alice, page, "THE CONTENT");
    String aliceForm = alice.get("/_move/" + page).body();
    String bobForm = bob.get("/_move/" + page).body();
    assertThat(base(bobForm)).isEqualTo("1");

    String first = unique("ByAlice");
    String second = unique("ByBob");
    assertThat(alice.post("/_move/" + page, Map.of("to", first, "comment", "", "base",
        base(aliceForm), "csrf", WebClient.csrf(aliceForm))).statusCode()).isEqualTo(303);
    HttpResponse<String> late = bob.post("/_move/" + page, Map.of("to", second, "comment",
        "my reason", "base", base(bobForm), "csrf", WebClient.csrf(bobForm)));
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(late.body()).contains("Nothing was moved").contains("value=\"" + second)
        .contains("my reason");
    assertThat(base(late.body())).as("the form now shows the redirect").isEqualTo("2");
    assertThat(client().get("/" + second).statusCode()).isEqualTo(404);
    assertThat(client().get("/" + first).body()).contains("THE CONTENT");

    // a revert from a history opened before a save
    String reverted = unique("Reverted");
    create(alice, reverted, "one");
    assertThat(alice.edit(reverted, "two", "").statusCode()).isEqualTo(303);
    String history = bob.get("/_history/" + reverted).body();
    assertThat(alice.edit(reverted, "three, important", "").statusCode()).isEqualTo(303);
    HttpResponse<String> stale = bob.post("/_revert/" + reverted, Map.of("v", "1", "base",
        base(history), "csrf", WebClient.csrf(history)));
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(stale.body()).contains("revision 3").contains("nothing was reverted");
    assertThat(client().get("/" + reverted).body()).contains("three, important");
    String fresh = bob.get("/_history/" + reverted).body();
    assertThat(bob.post("/_revert/" + reverted, Map.of("v", "1", "base", base(fresh), "csrf",
        WebClient.csrf(fresh))).statusCode()).isEqualTo(303);
    assertThat(client().get("/" + reverted).body()).contains("one").doesNotContain("three");
  }

  /** The revision a form was opened at (its hidden {@code base} field). */
  private static String base(String form) {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("name=\"base\" value=\"(\\d+)\"").matcher(form);
    assertThat(m.find()).as("a base field").isTrue();
    return m.group(1);
  }

  // ------------------------------------------------------------ delete, restore, protect

  @Test
  void adminsDeleteAndRestorePagesOthersGet403() {
    WebClient c = user("author");
    String page = unique("Doomed");
    String word = "axolotl" + SEQ.incrementAndGet() + "z";
    create(c, page, "the " + word + " text");
    assertThat(client().get("/_search?q=" + word).body()).contains("href=\"/" + page + "\"");
    // not an admin: 403, with or without the confirmation page
    assertThat(c.get("/_delete/" + page).statusCode()).isEqualTo(403);
    assertThat(c.post("/_delete/" + page, Map.of("csrf", token(c))).statusCode())
        .isEqualTo(403);
    assertThat(client().get("/" + page).statusCode()).isEqualTo(200);
    // the admin, without the token: 403
    assertThat(admin.post("/_delete/" + page, Map.of()).statusCode()).isEqualTo(403);
    String confirm = admin.get("/_delete/" + page).body();
    assertThat(confirm).contains("Delete " + page);
    HttpResponse<String> deleted = admin.post("/_delete/" + page,
        Map.of("csrf", WebClient.csrf(confirm)));
    assertThat(deleted.statusCode()).isEqualTo(303);
    assertThat(deleted.headers().firstValue("Location")).hasValue("/_deleted");
    assertThat(client().get("/" + page).statusCode()).isEqualTo(404);
    assertThat(client().get("/_search?q=" + word).body()).doesNotContain("href=\"/" + page);
    assertThat(client().get("/_recent").body()).doesNotContain(page);
    assertThat(client().get("/api/pages/" + page).statusCode()).isEqualTo(404);
    // saving under the deleted name is refused with the text kept
    HttpResponse<String> recreate = c.post("/_edit/" + page, Map.of("content", "mine",
        "base", "0", "comment", "", "csrf", token(c)));
    assertThat(recreate.statusCode()).isEqualTo(409);
    assertThat(recreate.body()).contains("deleted").contains(">mine</textarea>");
    assertThat(admin.post("/_delete/" + page, Map.of("csrf", token(admin))).statusCode())
        .isEqualTo(404);

    // the archive: admins only
    assertThat(c.get("/_deleted").statusCode()).isEqualTo(403);
    assertThat(client().get("/_deleted").statusCode()).isEqualTo(303);
    String archive = admin.get("/_deleted").body();
    assertThat(archive).contains("<td>" + page + "</td>").contains("action=\"/_restore/" + page);
    assertThat(c.post("/_restore/" + page, Map.of("csrf", token(c))).statusCode())
        .isEqualTo(403);
    assertThat(admin.post("/_restore/" + page, Map.of()).statusCode()).isEqualTo(403);
    HttpResponse<String> restored = admin.post("/_restore/" + page,
        Map.of("csrf", WebClient.csrf(archive)));
    assertThat(restored.statusCode()).isEqualTo(303);
    assertThat(client().get("/" + page).body()).contains(word);
    assertThat(client().get("/_history/" + page).statusCode()).isEqualTo(200);
    assertThat(client().get("/_search?q=" + word).body()).contains("href=\"/" + page + "\"");
    assertThat(admin.post("/_restore/" + page, Map.of("csrf", token(admin))).statusCode())
        .isEqualTo(404);
    assertThat(admin.get("/_deleted?after=_x").statusCode()).isEqualTo(400);
  }

  @Test
  void protectedPagesAreShownAsSuchAndOnlyAdminsEditThem() {
    WebClient c = user("editor");
    String page = unique("Guarded");
    create(c, page, "v1");
    assertThat(c.post("/_protect/" + page, Map.of("protect", "1", "csrf", token(c)))
        .statusCode()).isEqualTo(403);
    assertThat(admin.post("/_protect/" + page, Map.of("protect", "1")).statusCode())
        .isEqualTo(403);
    assertThat(admin.post("/_protect/" + page, Map.of("protect", "yes", "csrf", token(admin)))
        .statusCode()).isEqualTo(400);
    assertThat(admin.post("/_protect/" + unique("Nope"), Map.of("protect", "1", "csrf",
        token(admin))).statusCode()).isEqualTo(404);
    HttpResponse<String> protect = admin.post("/_protect/" + page, Map.of("protect", "1",
        "csrf", token(admin)));
    assertThat(protect.statusCode()).isEqualTo(303);
    assertThat(client().get("/" + page).body()).contains("id=\"protected\"");
    assertThat(admin.get("/" + page).body()).contains(">unprotect</button>");
    assertThat(c.get("/" + page).body()).doesNotContain(">unprotect</button>")
        .doesNotContain("/_delete/");
    assertThat(c.get("/_edit/" + page).body()).contains("This page is protected");
    HttpResponse<String> refused = c.edit(page, "vandal", "");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains(">vandal</textarea>").contains("protected");
    assertThat(c.post("/_move/" + page, Map.of("to", unique("Away"), "csrf", token(c)))
        .statusCode()).isEqualTo(403);
    assertThat(admin.edit(page, "v2 by admin", "").statusCode()).isEqualTo(303);
    assertThat(admin.post("/_protect/" + page, Map.of("protect", "0", "csrf", token(admin)))
        .statusCode()).isEqualTo(303);
    assertThat(client().get("/" + page).body()).doesNotContain("id=\"protected\"");
    assertThat(c.edit(page, "v3", "").statusCode()).isEqualTo(303);
  }

  @Test
  void adminsBlockAndUnblockUsers() {
    WebClient c = client();
    String name = unique("troll");
    assertThat(c.signUp(name, PASSWORD).statusCode()).isEqualTo(303);
    String page = unique("Trolled");
    create(c, page, "ok");
    WebClient other = user("bystander");
    assertThat(other.get("/_user/" + name).body()).doesNotContain("Block ");
    assertThat(other.post("/_block/" + name, Map.of("block", "1", "csrf", token(other)))
        .statusCode()).isEqualTo(403);
    assertThat(admin.post("/_block/" + name, Map.of("block", "1")).statusCode())
        .isEqualTo(403);
    String profile = admin.get("/_user/" + name).body();
    assertThat(profile).contains("Block " + name + " from editing");
    HttpResponse<String> blocked = admin.post("/_block/" + name, Map.of("block", "1",
        "csrf", WebClient.csrf(profile)));
    assertThat(blocked.statusCode()).isEqualTo(303);
    assertThat(client().get("/_user/" + name).body()).contains("is blocked from editing");
    assertThat(c.get("/_edit/" + page).body()).contains("You are blocked");
    HttpResponse<String> refused = c.edit(page, "spam", "");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains(">spam</textarea>");
    String own = c.get("/_user/" + name).body();
    HttpResponse<String> bio = c.post("/_user/" + name, Map.of("email", "", "displayName", "",
        "bio", "buy my spam", "csrf", WebClient.csrf(own)));
    assertThat(bio.statusCode()).isEqualTo(403);
    assertThat(bio.body()).contains("blocked").contains("buy my spam");
    assertThat(client().get("/_user/" + name).body()).doesNotContain("buy my spam");
    assertThat(admin.post("/_block/" + name, Map.of("block", "0", "csrf", token(admin)))
        .statusCode()).isEqualTo(303);
    assertThat(c.edit(page, "better", "").statusCode()).isEqualTo(303);
    assertThat(admin.post("/_block/boss", Map.of("block", "1", "csrf", token(admin)))
        .statusCode()).isEqualTo(400);
    assertThat(admin.post("/_block/" + unique("nobody"), Map.of("block", "1", "csrf",
        token(admin))).statusCode()).isEqualTo(404);
    assertThat(admin.post("/_block/" + name, Map.of("block", "2", "csrf", token(admin)))
        .statusCode()).isEqualTo(400);
  }

  // ------------------------------------------------------------ cost

  @Test
  void cachedViewsOfTheNewPagesCostNoStoreQuery() {
    WebClient c = user("coster");
    String word = "pangolin" + SEQ.incrementAndGet() + "q";
    String target = unique("Costly");
    String linking = unique("Linker");
    create(c, target, "the " + word);
    create(c, target + "/Sub", "sub");
    create(c, linking, "[[" + target + "]] and [[" + unique("Missing") + "]]");
    String from = unique("Before");
    create(c, from, "moved " + word);
    assertThat(c.post("/_move/" + from, Map.of("to", unique("After"), "csrf", token(c)))
        .statusCode()).isEqualTo(303);
    assertThat(admin.post("/_protect/" + target, Map.of("protect", "1", "csrf", token(admin)))
        .statusCode()).isEqualTo(303);
    for (String path : List.of("/_search?q=" + word, "/_links/" + target, "/_index",
        "/_wanted", "/_subpages/" + target, "/" + target, "/" + linking, "/" + from,
        "/_user/boss")) {
      int first = queries(client().get(path).body());
      String again = client().get(path).body();
      int second = queries(again);
      System.out.printf("store queries of %-30s first view %d, cached view %d%n",
          path.replaceAll("[0-9]+", "N"), first, second);
      assertThat(second).as(path).isZero();
      assertThat(again).as(path).contains("Served from cache");
    }
  }

  private static int queries(String html) {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("<span class=\"queries\">([0-9]+) store quer").matcher(html);
    assertThat(m.find()).as("cost footer").isTrue();
    return Integer.parseInt(m.group(1));
  }

  // ------------------------------------------------------------ odd input

  @Test
  void oddInputIsNeverA5xx() {
    WebClient c = user("fuzzer");
    create(c, "Fuzz", "[[Fuzz/Sub]] text");
    List<String> values = List.of("", "%20", "%00", "%C3%A9", "%F0%9F%98%80", "a%2Fb", "..",
        "%2E%2E", "_x", "x".repeat(300), "%E2%80%AE", "%3Cscript%3E", "%22%27", "a+b",
        "-1", "99999999999999999999", "1e3", "%0D%0A");
    for (String v : values) {
      for (String path : List.of("/_search?q=" + v, "/_search?q=a&page=" + v,
          "/_index?after=" + v, "/_wanted?after=" + v, "/_links/Fuzz?after=" + v,
          "/_subpages/Fuzz?after=" + v, "/api/search?q=" + v, "/api/search?q=x&offset=" + v,
          "/api/index?limit=" + v, "/api/index?after=" + v, "/api/links/Fuzz?limit=" + v,
          "/_user/boss?before=" + v, "/api/contributions/boss?before=" + v,
          "/Fuzz?redirect=" + v, "/_links/" + v, "/_subpages/" + v, "/_move/" + v,
          "/api/subpages/" + v, "/api/contributions/" + v)) {
        int status = c.get(path).statusCode();
        assertThat(status).as(path).isLessThan(500);
      }
      for (String path : List.of("/_move/Fuzz", "/_protect/Fuzz", "/_block/boss",
          "/_delete/Fuzz", "/_restore/Fuzz")) {
        int status = c.post(path, Map.of("to", v, "protect", v, "block", v, "subpages", v,
            "comment", v, "csrf", token(c))).statusCode();
        assertThat(status).as("POST %s with %s", path, v).isLessThan(500);
      }
    }
  }

  // ------------------------------------------------------------ methods

  @Test
  void wrongMethodsAre405WithAllow() {
    for (String path : List.of("/_search", "/_index", "/_wanted", "/_links/A", "/_subpages/A",
        "/api/search", "/api/index")) {
      HttpResponse<String> r = client().post(path, Map.of());
      assertThat(r.statusCode()).as(path).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).as(path).hasValue("GET, HEAD, OPTIONS");
    }
    for (String path : List.of("/_restore/A", "/_protect/A", "/_block/a")) {
      HttpResponse<String> r = client().get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).as(path).hasValue("OPTIONS, POST");
    }
    assertThat(client().get("/_move/A").statusCode()).isEqualTo(303);  // a form: log in first
    // methods no route takes, on pages, forms and the API
    for (String method : List.of("FOO", "PROPFIND", "MKCOL", "M-SEARCH")) {
      for (String path : List.of("/Main", "/_search", "/api/pages/Main", "/_restore/A")) {
        HttpResponse<String> r = client().request(method, path);
        assertThat(r.statusCode()).as(method + " " + path).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).as(path).isPresent();
        assertThat(r.body()).as(path).contains(method + " is not allowed here");
      }
    }
  }
}
