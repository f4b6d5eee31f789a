package org.wikicache.cache;

import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.testing.TestDatabase;

/** Opens a {@link JdbcWiki} on a test database with test defaults (fast hasher, small pool). */
final class TestWikis {
  private TestWikis() {}

  static JdbcWiki.Builder builder(TestDatabase db) {
    return JdbcWiki.newBuilder().url(db.jdbcUrl(), db.user(), db.password())
        .passwordHasher(TestDatabase.FAST_HASHER).poolSize(10);
  }

  /** A wiki closed when {@code db} is. */
  static JdbcWiki open(TestDatabase db) {
    return db.track(builder(db).build());
  }
}
