package org.wikicache.jdbc;

class PostgresOutboxDispatcherTest extends AbstractOutboxDispatcherTest {
  @Override
  TestDatabase newDatabase() {
    return TestDatabases.postgres();
  }
}
