package org.wikicache.jdbc;

import org.wikicache.testing.TestDatabases;
import org.wikicache.testing.TestDatabase;

class PostgresJdbcWikiTest extends AbstractJdbcWikiTest {
  @Override
  TestDatabase newDatabase() {
    return TestDatabases.postgres();
  }
}
