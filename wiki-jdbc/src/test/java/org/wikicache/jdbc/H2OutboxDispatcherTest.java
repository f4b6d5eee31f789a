package org.wikicache.jdbc;

class H2OutboxDispatcherTest extends AbstractOutboxDispatcherTest {
  @Override
  TestDatabase newDatabase() {
    return TestDatabases.h2();
  }
}
