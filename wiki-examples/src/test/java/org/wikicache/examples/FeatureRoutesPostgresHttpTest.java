package org.wikicache.examples;

import java.nio.file.Path;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;

/**
 * The feature routes on a fresh PostgreSQL database (its own engine's full-text search); under
 * CI=true a missing server fails the test.
 */
class FeatureRoutesPostgresHttpTest extends AbstractFeatureRoutesHttpTest {
  private TestDatabase database;

  @Override
  WikiServerConfig.Builder store(WikiServerConfig.Builder builder, Path dataDir) {
    database = TestDatabases.postgres();
    return builder.dbUrl(database.jdbcUrl()).dbUser(database.user())
        .dbPassword(database.password());
  }

  @Override
  void releaseStore() {
    if (database != null) {
      database.close();
    }
  }
}
