package org.wikicache.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wikicache.core.Edit;
import org.wikicache.core.PageName;
import org.wikicache.core.WikiStore;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.testing.MemcachedProcess;

/** Runs the README's snippets as a user's program would: on H2 and a real memcached. */
class ReadmeSnippetsTest {
  @RegisterExtension
  static final MemcachedProcess memcached = MemcachedProcess.extension();

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void theFewLinesServeAWikiOnH2AndMemcachedAndAnnounceEachEventOnce() throws Exception {
    try (ReadmeSnippets.FewLines few = ReadmeSnippets.inAFewLines(memcached.address())) {
      PageName page = PageName.of("Readme " + RUN);
      few.wiki().signUp("reader" + RUN, "correct horse battery", "reader@example.org");
      few.wiki().edit(new Edit(page, 0, "Hello from the README", "reader" + RUN, "create"));
      assertEquals("Hello from the README", few.wiki().view(page).orElseThrow().content());
      assertEquals("Hello from the README", few.wiki().view(page).orElseThrow().content());
      assertTrue(few.caching().stats().total().hits() >= 1, "the second view was a cache hit");

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (few.db().outbox().pendingCount() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);  // the LoggingNotifier is called by the database's delivery thread
      }
      assertEquals(0, few.db().outbox().pendingCount(), "every event was announced");
    }
  }

  @Test
  void theMemcacheClientsBehaveAsTheReadmeSays() {
    assertEquals("hello", new String(ReadmeSnippets.localClient(), UTF_8));
    List<MemcacheClient> opened = new ArrayList<>();
    try {
      Map<String, byte[]> hits = ReadmeSnippets.remoteClient(memcached.address(), opened);
      assertTrue(hits.isEmpty(), "a fresh memcached has none of a, b, c");
      opened.get(0).set("b", "bee".getBytes(UTF_8), Duration.ofMinutes(1));
      assertEquals("bee", new String(
          ReadmeSnippets.remoteClient(memcached.address(), opened).get("b"), UTF_8));
    } finally {
      opened.forEach(MemcacheClient::close);
    }
  }

  @Test
  void theCachingLayerWrapsTheStore() throws Exception {
    List<AutoCloseable> opened = new ArrayList<>();
    List<MemcacheClient> clients = new ArrayList<>();
    try (JdbcWiki db = JdbcWiki.h2InMemory("caching" + RUN)) {
      ReadmeSnippets.remoteClient(memcached.address(), clients);
      WikiStore pages = ReadmeSnippets.cachingLayer(clients.get(0), db, opened);
      PageName page = PageName.of("Cached " + RUN);
      pages.save(new Edit(page, 0, "cached text", "reader", ""));
      assertEquals("cached text", pages.get(page).orElseThrow().content());
      assertEquals("cached text", pages.get(page).orElseThrow().content());
    } finally {
      for (AutoCloseable c : opened) {
        c.close();
      }
      clients.forEach(MemcacheClient::close);
    }
  }

  @Test
  void aSettingsMistakeIsReportedNotThrown() {
    ReadmeSnippets.failures("jdbc:nosuchdb://127.0.0.1/wiki", "wiki", "secret");
    ReadmeSnippets.failures("jdbc:h2:mem:fine" + RUN, "sa", "");
  }
}
