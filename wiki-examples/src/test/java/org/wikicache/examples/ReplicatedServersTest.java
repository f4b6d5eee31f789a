package org.wikicache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wikicache.core.PasswordHasher;
import org.wikicache.examples.web.SigningKey;
import org.wikicache.testing.PostgresReplicaExtension;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;

/**
 * Two wiki servers on one PostgreSQL primary and a real streaming replica that applies commits
 * three seconds late, without a cache (so every read is a store read, and the replica's lag
 * shows): a visitor who saved on one server sees the new revision on the other at once, through
 * the signed position cookie; a visitor without it reads the lagging replica.
 */
class ReplicatedServersTest {
  private static final Duration DELAY = Duration.ofSeconds(3);
  @RegisterExtension
  static final PostgresReplicaExtension REPLICA = new PostgresReplicaExtension(DELAY);
  private static TestDatabase db;

  @BeforeAll
  static void start() {
    db = TestDatabases.postgres();
  }

  @AfterAll
  static void stop() {
    if (db != null) {
      db.close();
    }
  }

  private static WikiServer server(SigningKey key) {
    return WikiServer.start(WikiServerConfig.newBuilder().port(0).host("127.0.0.1")
        .dbUrl(db.jdbcUrl()).dbUser(db.user()).dbPassword(db.password())
        .replicaUrls(List.of(REPLICA.get().urlOf(db.jdbcUrl()))).noCache(true).signingKey(key)
        .passwordHasher(new PasswordHasher(1_000)).build());
  }

  @Test
  void aVisitorReadsTheirOwnWriteOnEveryServer() throws InterruptedException {
    SigningKey key = SigningKey.fromBase64("c2FtZSBrZXkgZm9yIGV2ZXJ5IHNlcnZlciBiZWhpbmQgdGhlIExC");
    try (WikiServer a = server(key); WikiServer b = server(key)) {
      new WebClient(a.url()).get("/");  // both have migrated; let the replica catch up
      assertThat(REPLICA.get().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      // A health check that ran before the schema reached the replica set it aside; wait until
      // both servers' next checks found it usable again, or "another visitor" reads the primary.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (a.backend().healthyReplicas() < 1 || b.backend().healthyReplicas() < 1) {
        assertThat(System.nanoTime()).as("replica usable on both servers").isLessThan(deadline);
        Thread.sleep(50);
      }

      WebClient ada = new WebClient(a.url());
      assertThat(ada.signUp("ada", "correct horse").statusCode()).isEqualTo(303);
      HttpResponse<String> saved = ada.edit("Lag/Page", "written on A", "create");
      assertThat(saved.statusCode()).isEqualTo(303);
      assertThat(saved.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("wiki_pos="));

      // The same browser on server B: its position cookie makes B read the primary.
      WebClient adaOnB = new WebClient(b.url(), ada.cookies());
      HttpResponse<String> mine = adaOnB.get("/Lag/Page");
      assertThat(mine.statusCode()).isEqualTo(200);
      assertThat(mine.body()).contains("written on A");
      assertThat(adaOnB.get("/_history/Lag/Page").body()).contains("create");

      // Another visitor on B reads the replica, which has not applied the save yet.
      assertThat(new WebClient(b.url()).get("/Lag/Page").statusCode()).isEqualTo(404);

      // A forged position is ignored (no error, no floor): the visitor reads the replica.
      WebClient forger = new WebClient(b.url());
      java.net.HttpCookie forged = new java.net.HttpCookie("wiki_pos", "999999999.1.forged");
      forged.setPath("/");
      forger.cookies().getCookieStore().add(java.net.URI.create(b.url()), forged);
      assertThat(forger.get("/Lag/Page").statusCode()).isEqualTo(404);

      // Once the replica has applied it, everyone sees it.
      assertThat(REPLICA.get().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      assertThat(new WebClient(b.url()).get("/Lag/Page").body()).contains("written on A");
    }
  }
}
