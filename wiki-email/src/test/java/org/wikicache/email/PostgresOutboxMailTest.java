package org.wikicache.email;

import org.wikicache.testing.TestDatabases;
import org.wikicache.testing.TestDatabase;


class PostgresOutboxMailTest extends AbstractOutboxMailTest {
  @Override
  TestDatabase newDatabase() {
    return TestDatabases.postgres();
  }
}
