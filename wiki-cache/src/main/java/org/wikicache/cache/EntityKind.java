package org.wikicache.cache;

/** The kinds of value the caching layer keeps, each counted separately in {@link CachingStats}. */
public enum EntityKind {
  /** Latest revisions of pages, and "no such page" markers. */
  PAGE,
  /** Immutable revisions. */
  REVISION,
  /** User profiles, by id and by name. */
  USER,
  /** Landing queries shared by everyone: recent changes, the first page of the page index. */
  LANDING,
  /** Values cached through {@link ReadThrough}, such as rendered HTML. */
  DERIVED,
  /** Logged-in sessions, by the hash of their token. */
  SESSION
}
