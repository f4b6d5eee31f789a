package org.wikicache.jdbc;

import org.junit.jupiter.api.Nested;
import org.wikicache.core.SessionStore;
import org.wikicache.testing.ChangeLogContract;
import org.wikicache.testing.MutableClock;
import org.wikicache.testing.SessionStoreContract;
import org.wikicache.testing.DatabaseEngine;
import org.wikicache.core.UserProfiles;
import org.wikicache.testing.WikiStoreFeaturesContract;
import org.wikicache.testing.UserProfilesContract;
import org.wikicache.testing.TestDatabases;
import org.wikicache.testing.TestDatabase;

/** The core contracts on each database: a fresh database (or schema) for every test. */
class JdbcContractTests {
  abstract static class StoreContract extends WikiStoreFeaturesContract {
    private final DatabaseEngine kind;
    private TestDatabase database;

    StoreContract(DatabaseEngine kind) {
      this.kind = kind;
    }

    @Override
    protected Fixture createFixture() {
      database = TestDatabases.of(kind);
      JdbcWikiStore store = TestWikis.open(database).store();
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
    private final DatabaseEngine kind;
    private TestDatabase database;

    UsersContract(DatabaseEngine kind) {
      this.kind = kind;
    }

    @Override
    protected UserProfiles createUsers() {
      database = TestDatabases.of(kind);
      return TestWikis.open(database).users();
    }

    @Override
    protected void closeUsers() {
      if (database != null) {
        database.close();
      }
    }
  }

  abstract static class LogContract extends ChangeLogContract {
    private final DatabaseEngine engine;
    private TestDatabase database;

    LogContract(DatabaseEngine engine) {
      this.engine = engine;
    }

    @Override
    protected Fixture createFixture() {
      database = TestDatabases.of(engine);
      JdbcWiki wiki = TestWikis.open(database);
      return new Fixture(wiki.changeLog(), wiki.store(), wiki.users());
    }

    @Override
    protected void closeFixture() {
      if (database != null) {
        database.close();
      }
    }
  }

  abstract static class SessionsContract extends SessionStoreContract {
    private final DatabaseEngine engine;
    private TestDatabase database;

    SessionsContract(DatabaseEngine engine) {
      this.engine = engine;
    }

    @Override
    protected SessionStore createStore(MutableClock clock) {
      database = TestDatabases.of(engine);
      return database.track(TestWikis.builder(database).clock(clock).build()).sessions();
    }

    @Override
    protected void closeStore() {
      if (database != null) {
        database.close();
      }
    }
  }

  @Nested
  class H2Sessions extends SessionsContract {
    H2Sessions() {
      super(DatabaseEngine.H2);
    }
  }

  @Nested
  class PostgresSessions extends SessionsContract {
    PostgresSessions() {
      super(DatabaseEngine.POSTGRESQL);
    }
  }

  @Nested
  class MariaDbSessions extends SessionsContract {
    MariaDbSessions() {
      super(DatabaseEngine.MARIADB);
    }
  }

  @Nested
  class H2Log extends LogContract {
    H2Log() {
      super(DatabaseEngine.H2);
    }
  }

  @Nested
  class PostgresLog extends LogContract {
    PostgresLog() {
      super(DatabaseEngine.POSTGRESQL);
    }
  }

  @Nested
  class MariaDbLog extends LogContract {
    MariaDbLog() {
      super(DatabaseEngine.MARIADB);
    }
  }

  @Nested
  class H2Store extends StoreContract {
    H2Store() {
      super(DatabaseEngine.H2);
    }
  }

  @Nested
  class PostgresStore extends StoreContract {
    PostgresStore() {
      super(DatabaseEngine.POSTGRESQL);
    }
  }

  @Nested
  class MariaDbStore extends StoreContract {
    MariaDbStore() {
      super(DatabaseEngine.MARIADB);
    }
  }

  @Nested
  class H2Users extends UsersContract {
    H2Users() {
      super(DatabaseEngine.H2);
    }
  }

  @Nested
  class PostgresUsers extends UsersContract {
    PostgresUsers() {
      super(DatabaseEngine.POSTGRESQL);
    }
  }

  @Nested
  class MariaDbUsers extends UsersContract {
    MariaDbUsers() {
      super(DatabaseEngine.MARIADB);
    }
  }
}
