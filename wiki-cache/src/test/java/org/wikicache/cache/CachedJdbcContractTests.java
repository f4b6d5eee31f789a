package org.wikicache.cache;

import org.junit.jupiter.api.Nested;
import org.wikicache.testing.DatabaseEngine;
import org.wikicache.core.UserProfiles;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.testing.WikiStoreFeaturesContract;
import org.wikicache.testing.UserProfilesContract;
import org.wikicache.testing.TestDatabases;
import org.wikicache.testing.TestDatabase;

/**
 * The core contracts through the caching decorators, over both memcache clients, on H2 and
 * PostgreSQL (and the store's on MariaDB through memcached): a cache in front must not change
 * what a store promises.
 */
class CachedJdbcContractTests {
  /** One database + one memcache client + the caching layer, for one test. */
  private static final class Setup implements AutoCloseable {
    final TestDatabase database;
    final JdbcWiki wiki;
    final CachingStores caching;

    Setup(DatabaseEngine kind, boolean memcached) {
      database = TestDatabases.of(kind);
      wiki = TestWikis.open(database);
      caching = CachingStores.over(Backends.client(memcached));
    }

    @Override
    public void close() {
      caching.close();
      caching.client().close();
      database.close();
    }
  }

  abstract static class StoreContract extends WikiStoreFeaturesContract {
    private final DatabaseEngine kind;
    private final boolean memcached;
    private Setup setup;

    StoreContract(DatabaseEngine kind, boolean memcached) {
      this.kind = kind;
      this.memcached = memcached;
    }

    @Override
    protected Fixture createFixture() {
      setup = new Setup(kind, memcached);
      return new Fixture(setup.caching.store(setup.wiki.store()),
          setup.caching.history(setup.wiki.store()));
    }

    @Override
    protected void closeFixture() {
      setup.close();
    }
  }

  abstract static class UsersContract extends UserProfilesContract {
    private final DatabaseEngine kind;
    private final boolean memcached;
    private Setup setup;

    UsersContract(DatabaseEngine kind, boolean memcached) {
      this.kind = kind;
      this.memcached = memcached;
    }

    @Override
    protected UserProfiles createUsers() {
      setup = new Setup(kind, memcached);
      return setup.caching.users(setup.wiki.users());
    }

    @Override
    protected void closeUsers() {
      setup.close();
    }
  }

  @Nested
  class H2InMemoryStore extends StoreContract {
    H2InMemoryStore() {
      super(DatabaseEngine.H2, false);
    }
  }

  @Nested
  class H2MemcachedStore extends StoreContract {
    H2MemcachedStore() {
      super(DatabaseEngine.H2, true);
    }
  }

  @Nested
  class PostgresInMemoryStore extends StoreContract {
    PostgresInMemoryStore() {
      super(DatabaseEngine.POSTGRESQL, false);
    }
  }

  @Nested
  class PostgresMemcachedStore extends StoreContract {
    PostgresMemcachedStore() {
      super(DatabaseEngine.POSTGRESQL, true);
    }
  }

  @Nested
  class MariaDbMemcachedStore extends StoreContract {
    MariaDbMemcachedStore() {
      super(DatabaseEngine.MARIADB, true);
    }
  }

  @Nested
  class H2InMemoryUsers extends UsersContract {
    H2InMemoryUsers() {
      super(DatabaseEngine.H2, false);
    }
  }

  @Nested
  class H2MemcachedUsers extends UsersContract {
    H2MemcachedUsers() {
      super(DatabaseEngine.H2, true);
    }
  }

  @Nested
  class PostgresInMemoryUsers extends UsersContract {
    PostgresInMemoryUsers() {
      super(DatabaseEngine.POSTGRESQL, false);
    }
  }

  @Nested
  class PostgresMemcachedUsers extends UsersContract {
    PostgresMemcachedUsers() {
      super(DatabaseEngine.POSTGRESQL, true);
    }
  }
}
