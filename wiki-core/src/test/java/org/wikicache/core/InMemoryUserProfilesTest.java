package org.wikicache.core;

import java.time.Clock;

class InMemoryUserProfilesTest extends UserProfilesContract {
  @Override
  protected UserProfiles createUsers() {
    return new InMemoryUserProfiles(AccountPolicy.DEFAULT, new PasswordHasher(1000),
        Clock.systemUTC());
  }
}
