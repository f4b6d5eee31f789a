package org.wikicache.jdbc;

import org.wikicache.core.WikiStoreContract;

/** The core store contract on MariaDb. */
class MariaDbWikiStoreContractTest extends WikiStoreContract {
  private TestDatabase database;

  @Override
  protected Fixture createFixture() {
    database = TestDatabases.mariadb();
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
