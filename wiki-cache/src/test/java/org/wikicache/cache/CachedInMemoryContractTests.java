package org.wikicache.cache;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.wikicache.core.AccountPolicy;
import org.wikicache.core.InMemoryUserProfiles;
import org.wikicache.core.InMemoryWikiStore;
import org.wikicache.core.PasswordHasher;
import org.wikicache.core.UserProfiles;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.testing.UserProfilesContract;
import org.wikicache.testing.WikiStoreFeaturesContract;

/**
 * The store and profiles contracts hold through the cache, on in-memory stores and the in-memory
 * memcache client: without a near cache, and with one (as the example server runs), whose copies,
 * of absence too, never outlive a write.
 */
class CachedInMemoryContractTests {
  private static CachingStores layer(boolean nearCache) {
    CachingStores.Builder b = CachingStores.newBuilder(InMemoryMemcacheClient.newBuilder().build());
    return (nearCache ? b.nearCache(Duration.ofHours(1), 10_000) : b).build();
  }

  private static void close(CachingStores caching) {
    caching.close();
    caching.client().close();
  }

  abstract static class StoreContract extends WikiStoreFeaturesContract {
    private final boolean nearCache;
    private CachingStores caching;

    StoreContract(boolean nearCache) {
      this.nearCache = nearCache;
    }

    @Override
    protected Fixture createFixture() {
      InMemoryWikiStore db = InMemoryWikiStore.create();
      caching = layer(nearCache);
      return new Fixture(caching.store(db), caching.history(db));
    }

    @Override
    protected void closeFixture() {
      close(caching);
    }
  }

  abstract static class UsersContract extends UserProfilesContract {
    private final boolean nearCache;
    private CachingStores caching;

    UsersContract(boolean nearCache) {
      this.nearCache = nearCache;
    }

    @Override
    protected UserProfiles createUsers() {
      caching = layer(nearCache);
      return caching.users(new InMemoryUserProfiles(AccountPolicy.DEFAULT,
          new PasswordHasher(1000), Clock.systemUTC()));
    }

    @Override
    protected void closeUsers() {
      close(caching);
    }
  }

  @Nested
  class Store extends StoreContract {
    Store() {
      super(false);
    }
  }

  @Nested
  class StoreWithANearCache extends StoreContract {
    StoreWithANearCache() {
      super(true);
    }
  }

  @Nested
  class Users extends UsersContract {
    Users() {
      super(false);
    }
  }

  @Nested
  class UsersWithANearCache extends UsersContract {
    UsersWithANearCache() {
      super(true);
    }
  }
}
