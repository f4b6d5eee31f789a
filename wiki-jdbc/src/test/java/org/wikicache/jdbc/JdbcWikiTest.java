package org.wikicache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLNonTransientConnectionException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wikicache.core.Edit;
import org.wikicache.core.PageName;
import org.wikicache.core.Revision;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.StoreUnavailableException;
import org.wikicache.testing.TestDatabases;
import org.wikicache.testing.TestDatabase;
import org.wikicache.core.internal.StoreChecks;

/** Opening, closing, failure modes and large histories of {@link JdbcWiki}. */
class JdbcWikiTest {
  @Test
  void anEmbeddedH2FileKeepsPagesAcrossRestarts(@TempDir Path dir) {
    try (JdbcWiki db = JdbcWiki.h2(dir.resolve("wiki"))) {
      db.store().save(new Edit(PageName.of("Main"), 0, "Hello 😀", "ada", "first"));
    }
    try (JdbcWiki db = JdbcWiki.h2(dir.resolve("wiki"))) {
      assertThat(db.kind()).isEqualTo(DatabaseKind.H2);
      assertThat(db.store().get(PageName.of("Main")).orElseThrow().content())
          .isEqualTo("Hello 😀");
    }
  }

  @Test
  void anInMemoryH2DatabaseIsDroppedOnClose() {
    try (JdbcWiki db = JdbcWiki.h2InMemory("dropped")) {
      db.store().save(new Edit(PageName.of("Main"), 0, "x", "ada", ""));
    }
    try (JdbcWiki db = JdbcWiki.h2InMemory("dropped")) {
      assertThat(db.store().get(PageName.of("Main"))).isEmpty();
    }
  }

  @Test
  void aDatabaseThatIsDownIsUnavailableAndTheMessageHidesThePassword() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();  // closed again: nothing listens there
    }
    for (String url : List.of(
        "jdbc:postgresql://127.0.0.1:" + port + "/wiki?password=hunter2&ssl=false",
        "jdbc:mariadb://127.0.0.1:" + port + "/wiki?user=root&password=hunter2")) {
      assertThatThrownBy(() -> JdbcWiki.connect(url, "wiki", "hunter2"))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("127.0.0.1:" + port + "/wiki")
          .hasMessageContaining("password=***")
          .message().doesNotContain("hunter2");
    }
  }

  @Test
  void urlsAreRedacted() {
    assertThat(Database.redact("jdbc:postgresql://u:secret@db/wiki?user=u&password=secret&x=1"))
        .isEqualTo("jdbc:postgresql://u:***@db/wiki?user=u&password=***&x=1");
    assertThat(Database.redact("jdbc:h2:mem:x;PASSWORD=secret;MODE=x"))
        .isEqualTo("jdbc:h2:mem:x;PASSWORD=***;MODE=x");
  }

  @Test
  void aDatabaseLostAfterOpeningIsUnavailable() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:lost_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    AtomicBoolean down = new AtomicBoolean();
    DataSource flaky = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          if (down.get() && method.getName().equals("getConnection")) {
            throw new SQLNonTransientConnectionException("Connection refused", "08001");
          }
          try {
            return method.invoke(h2, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    try (JdbcWiki db = JdbcWiki.of(flaky)) {
      db.store().save(new Edit(PageName.of("Main"), 0, "x", "ada", ""));
      down.set(true);
      assertThatThrownBy(() -> db.store().get(PageName.of("Main")))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("unavailable");
      assertThatThrownBy(() -> db.store().save(new Edit(PageName.of("Main"), 1, "y", "ada", "")))
          .isInstanceOf(StoreUnavailableException.class);
      down.set(false);
      assertThat(db.store().get(PageName.of("Main"))).isPresent();
    }
  }

  @Test
  void aPageWith100000RevisionsStillPagesItsNewestQuickly() {
    try (TestDatabase database = TestDatabases.h2()) {
      JdbcWiki db = TestWikis.open(database);
      PageName page = PageName.of("Busy");
      int total = 100_000;
      db.jdbi().useTransaction(h -> {
        PreparedBatch batch = h.prepareBatch("INSERT INTO revisions (page, number, parent,"
            + " author, created_at, summary, content, byte_length, sha256) VALUES (:page, :n,"
            + " :parent, 'bot', :n, '', :content, :len, :sha)");
        for (int n = 1; n <= total; n++) {
          String content = "v" + n;
          batch.bind("page", page.value()).bind("n", (long) n).bind("parent", (long) n - 1)
              .bind("content", content).bind("len", content.length())
              .bind("sha", StoreChecks.sha256(content)).add();
        }
        batch.execute();
        h.execute("INSERT INTO pages (name, latest) VALUES (?, ?)", page.value(), total);
      });
      long before = db.queryCount();
      List<RevisionInfo> newest = db.store().history(page, Long.MAX_VALUE, 50);
      assertThat(db.queryCount() - before).isEqualTo(1);
      assertThat(newest).hasSize(50);
      assertThat(newest.get(0).number()).isEqualTo(total);
      assertThat(newest.get(49).number()).isEqualTo(total - 49);
      assertThat(db.store().history(page, 50_001, 50).get(0).number()).isEqualTo(50_000);
      assertThat(db.store().get(page).orElseThrow().content()).isEqualTo("v" + total);

      // The plan reads the primary key range, not the whole table.
      String plan = db.jdbi().withHandle(h -> h.createQuery("EXPLAIN SELECT number FROM"
              + " revisions r WHERE r.page = :p AND r.number < :b ORDER BY r.number DESC"
              + " LIMIT 50").bind("p", page.value()).bind("b", Long.MAX_VALUE)
          .mapTo(String.class).one());
      assertThat(plan).containsPattern("PRIMARY_KEY\\w*: PAGE = \\?1\\s+AND NUMBER < \\?2");

      db.store().save(new Edit(page, total, "one more", "ada", ""));
      assertThat(db.store().history(page, Long.MAX_VALUE, 1).get(0).number())
          .isEqualTo(total + 1);
    }
  }

  @Test
  void aPoolTooSmallForMigrationsIsRefusedAtOnce() {
    // Flyway holds two connections: a pool of one would wait for itself, then time out
    assertThatThrownBy(() -> JdbcWiki.newBuilder().poolSize(1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 to 200");
    assertThatThrownBy(() -> JdbcWiki.newBuilder().poolSize(201))
        .isInstanceOf(IllegalArgumentException.class);
    try (JdbcWiki db = JdbcWiki.newBuilder().h2InMemory("pool_" + System.nanoTime())
        .poolSize(2).build()) {
      assertThat(db.store().get(PageName.of("Main"))).isEmpty();
    }
  }

  @Test
  void productNamesMapToKinds() {
    assertThat(DatabaseKind.fromProductName("H2")).isEqualTo(DatabaseKind.H2);
    assertThat(DatabaseKind.fromProductName("PostgreSQL")).isEqualTo(DatabaseKind.POSTGRESQL);
    assertThat(DatabaseKind.fromProductName("MariaDB")).isEqualTo(DatabaseKind.MARIADB);
    assertThat(DatabaseKind.fromProductName("MySQL")).isEqualTo(DatabaseKind.MARIADB);
    assertThatThrownBy(() -> DatabaseKind.fromProductName("Oracle"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
