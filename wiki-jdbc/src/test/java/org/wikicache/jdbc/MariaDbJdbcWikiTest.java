package org.wikicache.jdbc;

class MariaDbJdbcWikiTest extends AbstractJdbcWikiTest {
  @Override
  TestDatabase newDatabase() {
    return TestDatabases.mariadb();
  }
}
