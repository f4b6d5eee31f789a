package org.wikicache.jdbc;

import org.wikicache.testing.TestDatabase;

/** Opens a {@link JdbcWiki} on a test database with test defaults (fast hasher, small pool). */
final class TestWikis {
  private TestWikis() {}

  static JdbcWiki.Builder builder(TestDatabase db) {
    return JdbcWiki.newBuilder().url(db.jdbcUrl(), db.user(), db.password())
        .passwordHasher(TestDatabase.FAST_HASHER).poolSize(10);
  }

  /**
   * A wiki closed when {@code db} is, whose saves and sign-ups write outbox rows that no
   * dispatcher drains: for tests that claim them by hand.
   */
  static JdbcWiki openWithOutbox(TestDatabase db) {
    JdbcWiki wiki = open(db);
    wiki.database().writeOutbox(true);
    return wiki;
  }

  /** A wiki closed when {@code db} is. */
  static JdbcWiki open(TestDatabase db) {
    return db.track(builder(db).build());
  }
}
