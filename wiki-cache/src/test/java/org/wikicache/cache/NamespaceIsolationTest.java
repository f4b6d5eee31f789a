package org.wikicache.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wikicache.core.Edit;
import org.wikicache.core.PageName;
import org.wikicache.core.RevisionHistory;
import org.wikicache.core.UserProfiles;
import org.wikicache.core.WikiStore;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.testing.MemcachedProcess;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;
import org.wikicache.xmemcached.XmemcachedClient;

/**
 * Two wikis, each with its own database, share one memcached under two namespaces. Their pages,
 * revisions, users (same names, same ids) and landing lists never mix, and flushing one namespace
 * empties only that one.
 */
class NamespaceIsolationTest {
  @RegisterExtension
  static final MemcachedProcess memcached = MemcachedProcess.extension();

  private record Tenant(CachingStores caching, WikiStore store, RevisionHistory history,
      UserProfiles users) {}

  private static Tenant tenant(TestDatabase db, MemcacheClient client, String namespace) {
    JdbcWiki wiki = TestWikis.open(db);
    CachingStores caching = CachingStores.newBuilder(client).namespace(namespace).build();
    db.track(caching);
    return new Tenant(caching, caching.store(wiki.store()), caching.history(wiki.store()),
        caching.users(wiki.users()));
  }

  @Test
  void twoWikisOnOneMemcachedNeverSeeEachOthersData() {
    PageName main = PageName.of("Main");
    try (TestDatabase dbA = TestDatabases.h2();
        TestDatabase dbB = TestDatabases.h2();
        MemcacheClient clientA = XmemcachedClient.connect(memcached.address());
        MemcacheClient clientB = XmemcachedClient.connect(memcached.address())) {
      Tenant a = tenant(dbA, clientA, "tenant-a");
      Tenant b = tenant(dbB, clientB, "tenant-b");
      for (Tenant t : new Tenant[] {a, b}) {
        String who = t == a ? "A" : "B";
        t.store().save(new Edit(main, 0, "page of " + who, who, ""));
        t.users().signUp("ada", "correct horse", who.toLowerCase() + "@example.org");
      }
      // Fill both caches, then read everything again from them.
      for (int round = 0; round < 2; round++) {
        for (Tenant t : new Tenant[] {a, b}) {
          String who = t == a ? "A" : "B";
          assertThat(t.store().get(main).orElseThrow().content()).isEqualTo("page of " + who);
          assertThat(t.history().revision(main, 1).orElseThrow().content())
              .isEqualTo("page of " + who);
          assertThat(t.users().findByName("ada").orElseThrow().email())
              .isEqualTo(who.toLowerCase() + "@example.org");
          assertThat(t.users().findById(1).orElseThrow().email())
              .isEqualTo(who.toLowerCase() + "@example.org");
          assertThat(t.store().recentChanges(10)).singleElement()
              .satisfies(r -> assertThat(r.author()).isEqualTo(who));
        }
      }
      assertThat(a.caching().stats().kind(EntityKind.PAGE).hits()).isPositive();
      assertThat(b.caching().stats().kind(EntityKind.PAGE).hits()).isPositive();

      // Flush A's namespace: A reloads its own data, B keeps being served from the cache.
      long loadsOfB = b.caching().stats().total().loads();
      assertThat(a.caching().flush()).isTrue();
      assertThat(a.store().get(main).orElseThrow().content()).isEqualTo("page of A");
      assertThat(a.users().findById(1).orElseThrow().email()).isEqualTo("a@example.org");
      assertThat(b.store().get(main).orElseThrow().content()).isEqualTo("page of B");
      assertThat(b.users().findById(1).orElseThrow().email()).isEqualTo("b@example.org");
      assertThat(b.store().recentChanges(10)).singleElement()
          .satisfies(r -> assertThat(r.author()).isEqualTo("B"));
      assertThat(b.caching().stats().total().loads()).as("B untouched").isEqualTo(loadsOfB);
    }
  }

  @Test
  void aFlushReachesTheOtherProcessesOfTheNamespace() {
    PageName main = PageName.of("Main");
    try (TestDatabase db = TestDatabases.h2();
        MemcacheClient clientA = XmemcachedClient.connect(memcached.address());
        MemcacheClient clientB = XmemcachedClient.connect(memcached.address())) {
      Tenant one = tenant(db, clientA, "shared");
      Tenant two = tenant(db, clientB, "shared");
      one.store().save(new Edit(main, 0, "x", "ada", ""));
      two.store().get(main);
      String before = two.caching().keys().epoch();

      one.caching().flush();

      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
          .until(() -> !two.caching().keys().epoch().equals(before));
      assertThat(two.caching().keys().epoch()).isEqualTo(one.caching().keys().epoch());
      assertThat(two.store().get(main).orElseThrow().content()).isEqualTo("x");
    }
  }
}
