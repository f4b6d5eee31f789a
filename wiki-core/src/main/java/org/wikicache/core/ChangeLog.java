package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A durable record, in commit order, of what each committed change made obsolete: the log that
 * caches replay to invalidate what they hold, as Facebook's mcsqueal replays deletes from the
 * database's commit log. A store that keeps one ({@link ChangeLogged}) appends to it in the same
 * transaction as the change itself, so a committed change always has its entries and a change
 * that rolled back never has any.
 *
 * <p><b>Entries.</b> Each {@link Entry} has a position: positive, unique, and increasing in
 * commit order. Entries become readable in position order: once an entry can be read, so can every
 * entry below it that was ever committed, except those removed after {@link #retention()} (and
 * those a compacting implementation dropped because a later entry names the same {@link Change}).
 *
 * <p><b>Relays.</b> Every process that serves reads from a cache runs a relay: it reads the log,
 * delivers what it reads to its cache, and {@linkplain #report reports} how far it has got, in a
 * registry of relays kept with the log. A writer that has committed can then wait until every
 * registered relay has reported its entries ({@link #relays()}); any relay can deliver any
 * process's entries, so a writer that dies, is cut off from the cache, or loses the reply to its
 * COMMIT loses nothing.
 *
 * <p><b>Subscribers</b> hear, in this process, of commits (in the writer's thread, before the
 * write returns), of writes whose outcome is unknown, and of activity in the log or the registry
 * (where the database can push it, also activity of other processes: PostgreSQL's LISTEN/NOTIFY).
 *
 * <p>Implementations are thread-safe. {@code JdbcWiki#changeLog()} is the log of a database;
 * {@link InMemoryChangeLog} is one for a single process.
 *
 * <pre>{@code
 * ChangeLog log = db.changeLog();
 * long relay = log.register("server-1");
 * for (ChangeLog.Entry e : log.read(0, 1000)) { ... deliver e.change() ... }
 * log.report(relay, lastPosition);
 * }</pre>
 */
public interface ChangeLog {
  /** The most entries one {@link #read} returns. */
  int MAX_READ = 10_000;

  /**
   * What a change made obsolete: one thing, named the way the database identifies it.
   *
   * @param kind what sort of thing changed
   * @param subject which one: a page name, a user id in decimal, a lower-cased username, or a
   *     session token's hash
   */
  record Change(Kind kind, String subject) {
    /** The longest subject, in characters (the longest page name or username). */
    public static final int MAX_SUBJECT_LENGTH = 255;

    /** Validates both components. */
    public Change {
      requireNonNull(kind, "kind");
      requireNonNull(subject, "subject");
      checkArgument(!subject.isEmpty() && subject.length() <= MAX_SUBJECT_LENGTH,
          "subject must be 1 to %s characters", MAX_SUBJECT_LENGTH);
    }

    /** A page's latest revision changed (created, edited, reverted). */
    public static Change page(PageName name) {
      return new Change(Kind.PAGE, name.value());
    }

    /** The user with this id changed (signed up, profile or roles updated). */
    public static Change user(long id) {
      checkArgument(id > 0, "id must be positive, was %s", id);
      return new Change(Kind.USER, Long.toString(id));
    }

    /** The user with this username changed; usernames are compared lower-cased. */
    public static Change username(String username) {
      return new Change(Kind.USERNAME, username.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * A session ended (logged out), by the SHA-256 of its token in hex ({@code SessionStore}
     * implementations keep only that hash, and so does the log).
     */
    public static Change session(String tokenHash) {
      requireNonNull(tokenHash, "tokenHash");
      checkArgument(org.wikicache.core.internal.SessionTokens.isHash(tokenHash),
          "not a session token hash");
      return new Change(Kind.SESSION, tokenHash);
    }

    /**
     * The revisions of a page were renamed away, archived or restored ({@link WikiStore#move},
     * {@link WikiStore#delete}, {@link WikiStore#restore}): every cached revision of it.
     */
    public static Change revisions(PageName name) {
      return new Change(Kind.REVISIONS, name.value());
    }

    /** A page's protection changed (or moved with the page). */
    public static Change protection(PageName name) {
      return new Change(Kind.PROTECTION, name.value());
    }

    /** A user was blocked or unblocked; usernames are compared lower-cased. */
    public static Change block(String username) {
      return new Change(Kind.BLOCK, username.toLowerCase(java.util.Locale.ROOT));
    }

    /** The kinds of thing a change makes obsolete. New kinds are added at the end. */
    public enum Kind {
      /** A page, by name: its latest revision, and every listing that shows it. */
      PAGE,
      /** A user, by id. */
      USER,
      /** A user, by lower-cased username. */
      USERNAME,
      /** A session, by the SHA-256 of its token in hex. */
      SESSION,
      /** Every revision of a page, by name (moved away, archived or restored). */
      REVISIONS,
      /** A page's protection flag, by name. */
      PROTECTION,
      /** A user's block from editing, by lower-cased username. */
      BLOCK
    }
  }

  /**
   * One entry of the log.
   *
   * @param position where it stands in commit order, positive
   * @param change what the change made obsolete
   * @param time when it was appended, by the appending process's clock
   */
  record Entry(long position, Change change, Instant time) {
    /** Validates every component. */
    public Entry {
      checkArgument(position > 0, "position must be positive, was %s", position);
      requireNonNull(change, "change");
      requireNonNull(time, "time");
    }
  }

  /**
   * A registered relay, as last reported.
   *
   * @param id its id, from {@link #register}
   * @param description what the relay said it is (host, process), for people
   * @param position the position through which it has handled every entry
   * @param version how many reports it has made; changes with every report
   */
  record RelayState(long id, String description, long position, long version) {
    /** Validates the components. */
    public RelayState {
      requireNonNull(description, "description");
      checkArgument(position >= 0, "position must be >= 0, was %s", position);
    }
  }

  /**
   * Entries with positions above {@code after}, in position order, at most {@code limit}.
   *
   * @throws IllegalArgumentException if {@code after} is negative or {@code limit} is not within
   *     1 to {@link #MAX_READ}
   */
  List<Entry> read(long after, int limit);

  /** The position of the newest committed entry; 0 if nothing was ever appended. */
  long head();

  /**
   * How long an entry is kept. A cache must not keep a value it may have to invalidate longer
   * than this, or a relay that starts later could not know to invalidate it.
   */
  Duration retention();

  /**
   * Adds a relay to the registry, at position 0.
   *
   * @param description who it is, for people (cut to 200 characters)
   * @return its id
   */
  long register(String description);

  /**
   * Records that relay {@code relay} has handled every entry through {@code position}, and counts
   * a report (its {@linkplain RelayState#version version} changes).
   *
   * @return false if no such relay is registered (it was {@linkplain #unregister removed}, for
   *     instance as dead): the caller must register again
   */
  boolean report(long relay, long position);

  /** Every registered relay, by id. */
  List<RelayState> relays();

  /** Removes a relay; does nothing if it is not registered. */
  void unregister(long relay);

  /**
   * Removes a relay that looks dead, only if it has not reported since {@code version}.
   *
   * @return true if it was removed
   */
  boolean unregisterIfUnchanged(long relay, long version);

  /** Starts telling {@code subscriber} what happens in this log; close the result to stop. */
  AutoCloseable subscribe(Subscriber subscriber);

  /**
   * True while other processes' appends and reports reach {@link Subscriber#activity()} promptly
   * (PostgreSQL's LISTEN/NOTIFY); false when readers must poll to see them.
   */
  boolean pushesRemoteActivity();

  /**
   * Hears what happens in a {@link ChangeLog}. Methods are called in the thread that caused the
   * event; they must not throw, and {@link #activity()} must return quickly.
   */
  interface Subscriber {
    /**
     * Called in the writer's thread before its entries can be read from the log (before the
     * COMMIT); {@link #writeEnded()} follows in the same thread, right after every subscriber's
     * {@link #committed}, or after the failure. A subscriber that also reads the log can wait for
     * such a write before delivering what it read, rather than deliver it a second time.
     */
    default void writeStarting() {}

    /**
     * Called in the writer's thread after {@link #writeStarting()}: the write's
     * {@link #committed} calls are done (or it failed), and {@link #awaitDelivered} has not begun.
     */
    default void writeEnded() {}

    /**
     * Called in the writer's thread right after a transaction committed {@code entries}, before
     * the write returns. Quick: deliver what can be delivered now; then
     * {@link #awaitDelivered} is called.
     */
    default void committed(List<Entry> entries) {}

    /**
     * Called in the writer's thread after every subscriber's {@link #committed} (and
     * {@link #activity()}), still before the write returns: wait (bounded) until the entries
     * through {@code position} are delivered wherever they must be.
     */
    default void awaitDelivered(long position) {}

    /**
     * True if {@link #awaitDelivered} waits for every other process's relay (a caching layer's
     * relay does). A log that other processes relay and whose write no subscriber waits for
     * waits itself.
     */
    default boolean awaitsRelays() {
      return false;
    }

    /**
     * Called in the writer's thread when a write failed in a way that leaves unknown whether it
     * committed (a lost COMMIT reply), before the failure is thrown.
     */
    default void uncertain() {}

    /** Something may have been appended or reported, here or (when pushed) elsewhere. */
    default void activity() {}
  }
}
