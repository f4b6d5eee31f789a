package org.wikicache.jdbc;

class MariaDbOutboxDispatcherTest extends AbstractOutboxDispatcherTest {
  @Override
  TestDatabase newDatabase() {
    return TestDatabases.mariadb();
  }
}
