package org.wikicache.jdbc;

import org.wikicache.core.UserProfiles;
import org.wikicache.core.UserProfilesContract;

/** The core user profiles contract on H2. */
class H2UserProfilesContractTest extends UserProfilesContract {
  private TestDatabase database;

  @Override
  protected UserProfiles createUsers() {
    database = TestDatabases.h2();
    return database.open().users();
  }

  @Override
  protected void closeUsers() {
    if (database != null) {
      database.close();
    }
  }
}
