package org.wikicache.email;

import org.wikicache.jdbc.TestDatabase;
import org.wikicache.jdbc.TestDatabases;

class H2OutboxMailTest extends AbstractOutboxMailTest {
  @Override
  TestDatabase newDatabase() {
    return TestDatabases.h2();
  }
}
