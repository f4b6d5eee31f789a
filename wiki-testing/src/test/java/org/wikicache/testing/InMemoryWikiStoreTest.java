package org.wikicache.testing;

import org.wikicache.core.InMemoryWikiStore;

/** The store contract on the reference implementation. */
class InMemoryWikiStoreTest extends WikiStoreFeaturesContract {
  @Override
  protected Fixture createFixture() {
    InMemoryWikiStore store = InMemoryWikiStore.create();
    return new Fixture(store, store);
  }
}
