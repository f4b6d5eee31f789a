package org.wikicache.core;

import org.wikicache.jdbc.JdbcWikiStore;
import org.wikicache.jdbc.TestDatabase;
import org.wikicache.jdbc.TestDatabases;

/**
 * The core store contract on MariaDb. In package org.wikicache.core because the contract's protected
 * {@code Fixture} record cannot be constructed from another package.
 */
class JdbcMariaDbWikiStoreContractTest extends WikiStoreContract {
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
