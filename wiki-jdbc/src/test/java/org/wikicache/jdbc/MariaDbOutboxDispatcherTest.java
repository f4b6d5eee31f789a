package org.wikicache.jdbc;

import org.wikicache.testing.TestDatabases;
import org.wikicache.testing.TestDatabase;

class MariaDbOutboxDispatcherTest extends AbstractOutboxDispatcherTest {
  @Override
  TestDatabase newDatabase() {
    return TestDatabases.mariadb();
  }
}
