package org.wikicache.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wikicache.core.InMemorySessionStore;
import org.wikicache.core.Session;
import org.wikicache.core.SessionStore;
import org.wikicache.core.internal.SessionTokens;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.testing.DatabaseEngine;
import org.wikicache.testing.MutableClock;
import org.wikicache.testing.SessionStoreContract;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;

/**
 * The session contract through the caching layer (in memory, H2, PostgreSQL, MariaDB; over the
 * in-memory client and a real memcached), and what the layer must add across processes: a logout
 * on one server is seen at once by another that had the session cached, in memcache or in its near
 * cache.
 */
class CachedSessionStoreTests {
  abstract static class Contract extends SessionStoreContract {
    private final DatabaseEngine engine;
    private final boolean memcached;
    private TestDatabase database;
    private CachingStores caching;

    /** @param engine null for the in-memory store */
    Contract(DatabaseEngine engine, boolean memcached) {
      this.engine = engine;
      this.memcached = memcached;
    }

    @Override
    protected SessionStore createStore(MutableClock clock) {
      caching = CachingStores.newBuilder(Backends.client(memcached)).clock(clock).build();
      if (engine == null) {
        return caching.sessions(new InMemorySessionStore(clock));
      }
      database = TestDatabases.of(engine);
      return caching.sessions(
          database.track(TestWikis.builder(database).clock(clock).build()).sessions());
    }

    @Override
    protected void closeStore() {
      caching.close();
      caching.client().close();
      if (database != null) {
        database.close();
      }
    }
  }

  @Nested
  class InMemoryOverInMemoryClient extends Contract {
    InMemoryOverInMemoryClient() {
      super(null, false);
    }
  }

  @Nested
  class InMemoryOverMemcached extends Contract {
    InMemoryOverMemcached() {
      super(null, true);
    }
  }

  @Nested
  class H2OverInMemoryClient extends Contract {
    H2OverInMemoryClient() {
      super(DatabaseEngine.H2, false);
    }
  }

  @Nested
  class H2OverMemcached extends Contract {
    H2OverMemcached() {
      super(DatabaseEngine.H2, true);
    }
  }

  @Nested
  class PostgresOverMemcached extends Contract {
    PostgresOverMemcached() {
      super(DatabaseEngine.POSTGRESQL, true);
    }
  }

  @Nested
  class MariaDbOverMemcached extends Contract {
    MariaDbOverMemcached() {
      super(DatabaseEngine.MARIADB, true);
    }
  }

  /** Two servers: each its own JdbcWiki and layer, one database, one memcached. */
  @Nested
  class AcrossServers {
    @ParameterizedTest
    @CsvSource({"POSTGRESQL,false", "POSTGRESQL,true", "MARIADB,false", "MARIADB,true"})
    void aLogoutOnOneServerEndsTheSessionOnTheOtherAtOnce(DatabaseEngine engine,
        boolean nearCache) {
      try (TestDatabase db = TestDatabases.of(engine)) {
        JdbcWiki wikiA = TestWikis.open(db);
        JdbcWiki wikiB = TestWikis.open(db);
        try (CachingStores a = layer(Backends.memcachedClient(), nearCache);
            CachingStores b = layer(Backends.memcachedClient(), nearCache)) {
          SessionStore serverA = a.sessions(wikiA.sessions());
          SessionStore serverB = b.sessions(wikiB.sessions());
          Session s = serverA.create(9, Duration.ofDays(7));
          assertThat(serverB.find(s.token())).contains(s);
          assertThat(serverA.find(s.token())).contains(s);
          long loadsBefore = b.stats().kind(EntityKind.SESSION).loads();
          assertThat(serverB.find(s.token())).contains(s);
          assertThat(b.stats().kind(EntityKind.SESSION).loads()).isEqualTo(loadsBefore);

          assertThat(serverA.delete(s.token())).isTrue();

          assertThat(serverB.find(s.token())).isEmpty();
          assertThat(serverA.find(s.token())).isEmpty();
        }
      }
    }

    @ParameterizedTest
    @CsvSource({"POSTGRESQL", "MARIADB"})
    void aSessionIsCachedUnderItsHashAndTheTokenNeverReachesMemcached(DatabaseEngine engine) {
      try (TestDatabase db = TestDatabases.of(engine)) {
        JdbcWiki wiki = TestWikis.open(db);
        MemcacheClient client = Backends.memcachedClient();
        try (CachingStores layer = layer(client, false)) {
          SessionStore sessions = layer.sessions(wiki.sessions());
          Session s = sessions.create(9, Duration.ofDays(7));
          sessions.find(s.token());
          String key = layer.keys().session(SessionTokens.hash(s.token()));

          byte[] cached = client.get(key);
          assertThat(cached).isNotNull();
          assertThat(new String(cached, java.nio.charset.StandardCharsets.ISO_8859_1))
              .doesNotContain(s.token());
          assertThat(key).doesNotContain(s.token());
          assertThat(sessions.find(SessionTokens.newToken())).isEmpty();  // not remembered
          assertThat(client.get(layer.keys().session(SessionTokens.hash(s.token()))))
              .isNotNull();
        } finally {
          client.close();
        }
      }
    }

    private CachingStores layer(MemcacheClient client, boolean nearCache) {
      CachingStores.Builder b = CachingStores.newBuilder(client);
      if (nearCache) {
        b.nearCache(Duration.ofMinutes(5), 1000);
      }
      return b.build();
    }
  }
}
