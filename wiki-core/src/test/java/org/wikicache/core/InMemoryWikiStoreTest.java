package org.wikicache.core;

class InMemoryWikiStoreTest extends WikiStoreContract {
  @Override
  protected Fixture createFixture() {
    InMemoryWikiStore store = InMemoryWikiStore.create();
    return new Fixture(store, store);
  }
}
