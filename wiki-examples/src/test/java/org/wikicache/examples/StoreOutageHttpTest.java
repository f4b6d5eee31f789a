package org.wikicache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wikicache.core.PasswordHasher;
import org.wikicache.testing.TcpProxy;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;

/**
 * The server while its database is gone, over real HTTP on PostgreSQL: an outage (the link cut
 * by a {@link TcpProxy}) and settings that stop working while it runs (its role may no longer log
 * in) are both a 503 with {@code Retry-After}, never a 500; a save that fails that way gives the
 * author's text back; and the server recovers when the database does.
 */
class StoreOutageHttpTest {
  private static final String PASSWORD = "correct horse";

  @TempDir Path dataDir;
  private TestDatabase db;
  private WikiServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void anOutageIsA503AndASaveDuringItKeepsTheText() throws InterruptedException {
    db = TestDatabases.postgres();
    TcpProxy link = db.track(TcpProxy.start("127.0.0.1", 5432));
    server = start(db.jdbcUrl().replace("127.0.0.1:5432", link.address()), db.user());
    WebClient author = new WebClient(server.url());
    assertThat(author.signUp("outage", PASSWORD).statusCode()).isEqualTo(303);
    assertThat(author.edit("Outage", "first text", "one").statusCode()).isEqualTo(303);
    HttpResponse<String> form = author.get("/_edit/Outage");
    assertThat(form.statusCode()).isEqualTo(200);

    link.cut();
    HttpResponse<String> missing = new WebClient(server.url()).get("/NeverAskedFor");
    assertThat(missing.statusCode()).isEqualTo(503);
    assertThat(missing.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(missing.body()).contains("storage is unavailable");

    String text = "second text: 1 < 2 & more";
    HttpResponse<String> save = author.post("/_edit/Outage", Map.of("content", text,
        "comment", "two", "base", WebClient.hidden(form.body(), "base"),
        "csrf", WebClient.csrf(form.body())));
    assertThat(save.statusCode()).isEqualTo(503);
    assertThat(save.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(save.body()).contains("may not have been saved")
        .contains("second text: 1 &lt; 2 &amp; more");
    assertThat(WebClient.hidden(save.body(), "base")).isEqualTo(
        WebClient.hidden(form.body(), "base"));

    link.restore();
    // the pool checks a connection that has been idle for 0.5 s before lending it, so those
    // the cut broke are replaced rather than lent
    Thread.sleep(1_000);
    assertThat(author.edit("Outage", text, "two").statusCode()).isEqualTo(303);
    assertThat(new WebClient(server.url()).get("/Outage").body())
        .contains("second text: 1 &lt; 2 &amp; more");
    assertThat(new WebClient(server.url()).get("/NeverAskedFor").statusCode()).isEqualTo(404);
  }

  @Test
  void settingsThatStopWorkingWhileItRunsAreA503() throws Exception {
    db = TestDatabases.postgres();
    String role = "wiki_revoked_" + Integer.toUnsignedString(ThreadLocalRandom.current().nextInt());
    String schema = role + "_s";
    admin("CREATE ROLE " + role + " LOGIN", "CREATE SCHEMA " + schema + " AUTHORIZATION " + role);
    try {
      String url = db.jdbcUrl().replaceFirst("currentSchema=[^&]+", "currentSchema=" + schema);
      server = start(url, role);
      WebClient author = new WebClient(server.url());
      assertThat(author.signUp("revoked", PASSWORD).statusCode()).isEqualTo(303);
      String csrf = WebClient.csrf(author.get("/_edit/Revoked").body());

      admin("ALTER ROLE " + role + " NOLOGIN",
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
      HttpResponse<String> missing = new WebClient(server.url()).get("/NeverAskedFor");
      assertThat(missing.statusCode()).isEqualTo(503);
      assertThat(missing.headers().firstValue("Retry-After")).hasValue("5");
      HttpResponse<String> save = author.post("/_edit/Revoked",
          Map.of("content", "kept text", "comment", "", "base", "0", "csrf", csrf));
      assertThat(save.statusCode()).isEqualTo(503);
      assertThat(save.body()).contains("kept text");
    } finally {
      if (server != null) {
        server.close();
        server = null;
      }
      admin("DROP SCHEMA IF EXISTS " + schema + " CASCADE", "DROP ROLE IF EXISTS " + role);
    }
  }

  private WikiServer start(String url, String user) {
    return WikiServer.start(WikiServerConfig.newBuilder().port(0).host("127.0.0.1")
        .dataDir(dataDir).dbUrl(url).dbUser(user).dbPassword("")
        .passwordHasher(new PasswordHasher(1_000)).build());
  }

  private void admin(String... statements) throws Exception {
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }
}
