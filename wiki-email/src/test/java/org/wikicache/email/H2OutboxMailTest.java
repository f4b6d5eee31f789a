package org.wikicache.email;

import org.wikicache.testing.TestDatabases;
import org.wikicache.testing.TestDatabase;


class H2OutboxMailTest extends AbstractOutboxMailTest {
  @Override
  TestDatabase newDatabase() {
    return TestDatabases.h2();
  }
}
