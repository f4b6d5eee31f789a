package org.wikicache.jdbc;

import org.wikicache.testing.TestDatabases;
import org.wikicache.testing.TestDatabase;

class H2JdbcWikiTest extends AbstractJdbcWikiTest {
  @Override
  TestDatabase newDatabase() {
    return TestDatabases.h2();
  }
}
