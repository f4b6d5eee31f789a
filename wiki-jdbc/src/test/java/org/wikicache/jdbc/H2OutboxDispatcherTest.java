package org.wikicache.jdbc;

import org.wikicache.testing.TestDatabases;
import org.wikicache.testing.TestDatabase;

class H2OutboxDispatcherTest extends AbstractOutboxDispatcherTest {
  @Override
  TestDatabase newDatabase() {
    return TestDatabases.h2();
  }
}
