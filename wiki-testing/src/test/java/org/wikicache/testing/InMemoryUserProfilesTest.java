package org.wikicache.testing;

import java.time.Clock;
import org.wikicache.core.AccountPolicy;
import org.wikicache.core.InMemoryUserProfiles;
import org.wikicache.core.PasswordHasher;
import org.wikicache.core.UserProfiles;

/** The user-profiles contract on the reference implementation. */
class InMemoryUserProfilesTest extends UserProfilesContract {
  @Override
  protected UserProfiles createUsers() {
    return new InMemoryUserProfiles(AccountPolicy.DEFAULT, new PasswordHasher(1000),
        Clock.systemUTC());
  }
}
