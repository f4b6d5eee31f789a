package org.wikicache.jdbc;

import org.wikicache.core.UserProfiles;
import org.wikicache.core.UserProfilesContract;

/** The core user profiles contract on MariaDb. */
class MariaDbUserProfilesContractTest extends UserProfilesContract {
  private TestDatabase database;

  @Override
  protected UserProfiles createUsers() {
    database = TestDatabases.mariadb();
    return database.open().users();
  }

  @Override
  protected void closeUsers() {
    if (database != null) {
      database.close();
    }
  }
}
