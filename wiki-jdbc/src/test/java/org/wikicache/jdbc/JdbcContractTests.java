package org.wikicache.jdbc;

import org.junit.jupiter.api.Nested;
import org.wikicache.core.UserProfiles;
import org.wikicache.core.UserProfilesContract;
import org.wikicache.core.WikiStoreContract;

/** The core contracts on each database: a fresh database (or schema) for every test. */
class JdbcContractTests {
  abstract static class StoreContract extends WikiStoreContract {
    private final DatabaseKind kind;
    private TestDatabase database;

    StoreContract(DatabaseKind kind) {
      this.kind = kind;
    }

    @Override
    protected Fixture createFixture() {
      database = TestDatabases.of(kind);
      JdbcWikiStore store = database.open().store();
      return new Fixture(store, store);
    }

    @Override
    protected void closeFixture() {
      if (database != null) {
        database.close();
      }
    }
  }

  abstract static class UsersContract extends UserProfilesContract {
    private final DatabaseKind kind;
    private TestDatabase database;

    UsersContract(DatabaseKind kind) {
      this.kind = kind;
    }

    @Override
    protected UserProfiles createUsers() {
      database = TestDatabases.of(kind);
      return database.open().users();
    }

    @Override
    protected void closeUsers() {
      if (database != null) {
        database.close();
      }
    }
  }

  @Nested
  class H2Store extends StoreContract {
    H2Store() {
      super(DatabaseKind.H2);
    }
  }

  @Nested
  class PostgresStore extends StoreContract {
    PostgresStore() {
      super(DatabaseKind.POSTGRESQL);
    }
  }

  @Nested
  class MariaDbStore extends StoreContract {
    MariaDbStore() {
      super(DatabaseKind.MARIADB);
    }
  }

  @Nested
  class H2Users extends UsersContract {
    H2Users() {
      super(DatabaseKind.H2);
    }
  }

  @Nested
  class PostgresUsers extends UsersContract {
    PostgresUsers() {
      super(DatabaseKind.POSTGRESQL);
    }
  }

  @Nested
  class MariaDbUsers extends UsersContract {
    MariaDbUsers() {
      super(DatabaseKind.MARIADB);
    }
  }
}
