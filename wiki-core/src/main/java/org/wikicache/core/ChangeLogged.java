package org.wikicache.core;

/**
 * A store that appends what each of its writes made obsolete to a {@link ChangeLog}, in the same
 * transaction as the write. A caching layer that decorates such a store reads that log to
 * invalidate in every process, not only in the one that wrote.
 *
 * <pre>{@code
 * if (store instanceof ChangeLogged logged) relayFrom(logged.changeLog());
 * }</pre>
 */
public interface ChangeLogged {
  /** The log this store's writes are recorded in. */
  ChangeLog changeLog();
}
