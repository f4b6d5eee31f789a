package org.wikicache.jdbc;

import org.wikicache.core.UserProfiles;
import org.wikicache.core.UserProfilesContract;

/** The core user profiles contract on Postgres. */
class PostgresUserProfilesContractTest extends UserProfilesContract {
  private TestDatabase database;

  @Override
  protected UserProfiles createUsers() {
    database = TestDatabases.postgres();
    return database.open().users();
  }

  @Override
  protected void closeUsers() {
    if (database != null) {
      database.close();
    }
  }
}
