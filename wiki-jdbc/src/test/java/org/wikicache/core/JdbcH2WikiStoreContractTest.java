package org.wikicache.core;

import org.wikicache.jdbc.JdbcWikiStore;
import org.wikicache.jdbc.TestDatabase;
import org.wikicache.jdbc.TestDatabases;

/**
 * The core store contract on H2. In package org.wikicache.core because the contract's protected
 * {@code Fixture} record cannot be constructed from another package.
 */
class JdbcH2WikiStoreContractTest extends WikiStoreContract {
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
