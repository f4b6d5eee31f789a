package org.wikicache.jdbc;

import org.wikicache.core.WikiStoreContract;

/** The core store contract on H2. */
class H2WikiStoreContractTest extends WikiStoreContract {
  private TestDatabase database;

  @Override
  protected Fixture createFixture() {
    database = TestDatabases.h2();
    JdbcWikiStore store = database.open().store();
    return new Fixture(store, store);
  }

  @Override
  protected void closeFixture() {
    if (database != null) {
      database.close();
    }
  }
}
