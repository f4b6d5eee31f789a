package org.wikicache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wikicache.core.PasswordHasher;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.testing.MemcachedProcess;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;
import org.wikicache.xmemcached.XmemcachedClient;

/**
 * Stateless servers: two servers on one PostgreSQL database and one memcached accept each other's
 * sessions and forms, a logout on one is a logout on the other at once, a restart logs nobody out,
 * and anonymous visitors leave nothing behind (no session row, no cache entry).
 */
class ServersShareSessionsTest {
  @RegisterExtension static final MemcachedProcess MEMCACHED = MemcachedProcess.extension();

  /** Anonymous GETs of the login page in {@link #anonymousVisitorsCreateNoRowsAndNoEntries}. */
  static final int ANONYMOUS_GETS = Integer.getInteger("wiki.test.anonymousGets", 100_000);

  private static WikiServer server(TestDatabase db) {
    return WikiServer.start(WikiServerConfig.newBuilder().port(0).host("127.0.0.1")
        .dbUrl(db.jdbcUrl()).dbUser(db.user()).dbPassword(db.password())
        .memcached(MEMCACHED.address()).passwordHasher(new PasswordHasher(1_000)).build());
  }

  @Test
  void anyServerAcceptsAnySessionAndALogoutOrRestartIsSeenEverywhere() {
    try (TestDatabase db = TestDatabases.postgres()) {
      WikiServer a = server(db);
      try (WikiServer b = server(db)) {
        WebClient onA = new WebClient(a.url());
        // the sign-up form comes from A, its post goes to B: one signing key for both
        String form = onA.get("/signup").body();
        WebClient onB = new WebClient(b.url(), onA.cookies());
        assertThat(onB.post("/signup", Map.of("username", "ada", "password", "correct horse",
            "verify", "correct horse", "email", "", "csrf", WebClient.csrf(form))).statusCode())
            .isEqualTo(303);
        assertThat(onA.get("/").body()).contains("ada").contains("log out");
        assertThat(onA.edit("Shared", "written on A with B's session", "").statusCode())
            .isEqualTo(303);

        a.close();  // a restart logs nobody out
        a = server(db);
        WebClient onNewA = new WebClient(a.url(), onA.cookies());
        assertThat(onNewA.get("/").body()).contains("log out");

        assertThat(onB.logOut().statusCode()).isEqualTo(303);
        String cookie = onNewA.cookies().getCookieStore().getCookies().stream()
            .filter(c -> c.getName().equals(Visitors.SESSION_COOKIE)).findFirst()
            .map(java.net.HttpCookie::getValue).orElse(null);
        assertThat(cookie).as("B's logout deletes the cookie in the browser").isNull();
        assertThat(onNewA.get("/").body()).doesNotContain("log out");
      } finally {
        a.close();
      }
    }
  }

  @Test
  void aCopiedSessionCookieIsRefusedEverywhereOnceItsOwnerLoggedOut() {
    try (TestDatabase db = TestDatabases.postgres();
        WikiServer a = server(db); WikiServer b = server(db)) {
      WebClient user = new WebClient(a.url());
      assertThat(user.signUp("bob", "correct horse").statusCode()).isEqualTo(303);
      String session = user.cookies().getCookieStore().getCookies().stream()
          .filter(c -> c.getName().equals(Visitors.SESSION_COOKIE)).findFirst().orElseThrow()
          .getValue();
      assertThat(get(b, "/", session).body()).contains("log out");  // B caches the session
      assertThat(get(a, "/", session).body()).contains("log out");

      assertThat(user.logOut().statusCode()).isEqualTo(303);

      assertThat(get(b, "/", session).body()).doesNotContain("log out");
      assertThat(get(a, "/", session).body()).doesNotContain("log out");
    }
  }

  @Test
  void failedLoginsOnOneServerThrottleTheOther() {
    try (TestDatabase db = TestDatabases.postgres();
        WikiServer a = server(db); WikiServer b = server(db)) {
      new WebClient(a.url()).signUp("dave", "correct horse");
      WebClient onA = new WebClient(a.url());
      WebClient onB = new WebClient(b.url());
      for (int i = 0; i < 5; i++) {
        assertThat((i % 2 == 0 ? onA : onB).logIn("dave", "guess " + i).statusCode())
            .isEqualTo(400);
      }
      assertThat(onB.logIn("dave", "correct horse").statusCode()).isEqualTo(429);
      assertThat(onA.logIn("dave", "correct horse").statusCode()).isEqualTo(429);
    }
  }

  @Test
  void anonymousVisitorsCreateNoRowsAndNoEntries() throws Exception {
    try (TestDatabase db = TestDatabases.postgres(); WikiServer server = server(db);
        MemcacheClient cache = XmemcachedClient.connect(MEMCACHED.address())) {
      WebClient user = new WebClient(server.url());
      assertThat(user.signUp("carol", "correct horse").statusCode()).isEqualTo(303);
      user.get("/");
      JdbcWiki wiki = db.track(JdbcWiki.newBuilder().url(db.jdbcUrl(), db.user(), db.password())
          .build());
      long rows = wiki.sessions().count();
      Thread.sleep(300);  // the sign-up's own cache traffic settles
      long items = cache.getStats().items();

      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpRequest login = HttpRequest.newBuilder(URI.create(server.url() + "login")).GET().build();
      long t0 = System.nanoTime();
      int ok = 0;
      for (int i = 0; i < ANONYMOUS_GETS; i++) {
        ok += http.send(login, HttpResponse.BodyHandlers.discarding()).statusCode() == 200 ? 1 : 0;
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("%d anonymous GET /login in %d ms: session rows %d -> %d,"
          + " memcached items %d -> %d%n", ANONYMOUS_GETS, ms, rows, wiki.sessions().count(),
          items, cache.getStats().items());

      assertThat(ok).isEqualTo(ANONYMOUS_GETS);
      assertThat(wiki.sessions().count()).isEqualTo(rows);
      assertThat(cache.getStats().items()).as("items only expire").isLessThanOrEqualTo(items);
      assertThat(user.get("/").body()).contains("log out");
    }
  }

  private static HttpResponse<String> get(WikiServer server, String path, String session) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(server.url() + path.substring(1)))
          .header("Cookie", Visitors.SESSION_COOKIE + "=" + session).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
