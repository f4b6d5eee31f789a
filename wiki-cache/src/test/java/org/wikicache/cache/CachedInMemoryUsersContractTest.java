package org.wikicache.cache;

import java.time.Clock;
import org.wikicache.core.AccountPolicy;
import org.wikicache.core.InMemoryUserProfiles;
import org.wikicache.core.PasswordHasher;
import org.wikicache.core.UserProfiles;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.testing.UserProfilesContract;

/** The profiles contract holds through the cache, on the in-memory memcache client. */
class CachedInMemoryUsersContractTest extends UserProfilesContract {
  private CachingStores caching;

  @Override
  protected UserProfiles createUsers() {
    caching = CachingStores.over(InMemoryMemcacheClient.newBuilder().build());
    return caching.users(new InMemoryUserProfiles(AccountPolicy.DEFAULT, new PasswordHasher(1000),
        Clock.systemUTC()));
  }

  @Override
  protected void closeUsers() {
    caching.close();
    caching.client().close();
  }
}
