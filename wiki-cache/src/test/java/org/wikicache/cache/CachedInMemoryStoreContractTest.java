package org.wikicache.cache;

import org.wikicache.core.InMemoryWikiStore;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.testing.WikiStoreFeaturesContract;

/** The store contract holds through the cache: in-memory store, in-memory memcache client. */
class CachedInMemoryStoreContractTest extends WikiStoreFeaturesContract {
  private CachingStores caching;

  @Override
  protected Fixture createFixture() {
    InMemoryWikiStore db = InMemoryWikiStore.create();
    caching = CachingStores.over(InMemoryMemcacheClient.newBuilder().build());
    return new Fixture(caching.store(db), caching.history(db));
  }

  @Override
  protected void closeFixture() {
    caching.close();
    caching.client().close();
  }
}
