package org.wikicache.jdbc;

class PostgresJdbcWikiTest extends AbstractJdbcWikiTest {
  @Override
  TestDatabase newDatabase() {
    return TestDatabases.postgres();
  }
}
