package org.wikicache.email;

import org.wikicache.jdbc.TestDatabase;
import org.wikicache.jdbc.TestDatabases;

class PostgresOutboxMailTest extends AbstractOutboxMailTest {
  @Override
  TestDatabase newDatabase() {
    return TestDatabases.postgres();
  }
}
