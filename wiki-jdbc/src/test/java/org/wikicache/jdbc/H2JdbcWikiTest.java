package org.wikicache.jdbc;

class H2JdbcWikiTest extends AbstractJdbcWikiTest {
  @Override
  TestDatabase newDatabase() {
    return TestDatabases.h2();
  }
}
