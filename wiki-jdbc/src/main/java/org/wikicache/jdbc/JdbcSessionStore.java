package org.wikicache.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wikicache.core.ChangeLog;
import org.wikicache.core.ChangeLogged;
import org.wikicache.core.Session;
import org.wikicache.core.SessionStore;
import org.wikicache.core.internal.SessionTokens;

/**
 * The {@link SessionStore} of a {@link JdbcWiki}, in the {@code sessions} table: every server of
 * the database accepts every session, and a restart logs nobody out.
 *
 * <p>Rows are keyed by the SHA-256 of the token, never the token. Expiry is checked on every read
 * against the wiki's clock ({@link JdbcWiki.Builder#clock}). A delete appends
 * {@link ChangeLog.Change#session} to the change log in its own transaction, so a caching layer
 * in any process forgets the session before {@link #delete} returns. Expired rows are purged by
 * {@link #create} at most once a minute (they need no log entry: no reader accepts them).
 *
 * <p>Thread-safe.
 *
 * <pre>{@code
 * Session s = db.sessions().create(user.id(), Duration.ofDays(7));
 * db.sessions().find(s.token());   // Optional[s], from any server
 * }</pre>
 */
public final class JdbcSessionStore implements SessionStore, ChangeLogged {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcSessionStore.class);
  private static final long PURGE_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Database db;
  private final JdbcChangeLog changeLog;
  private final AtomicLong lastPurgeNanos = new AtomicLong(System.nanoTime());

  JdbcSessionStore(Database db, JdbcChangeLog changeLog) {
    this.db = db;
    this.changeLog = changeLog;
  }

  @Override
  public Session create(long userId, Duration ttl) {
    SessionTokens.checkCreate(userId, ttl);
    purgeNowAndThen();
    String token = SessionTokens.newToken();
    Instant now = db.now();
    Session session = new Session(token, userId, now, now.plus(ttl));
    db.write(h -> h.createUpdate("INSERT INTO sessions (token_hash, user_id, created_at,"
            + " expires_at) VALUES (:hash, :user, :created, :expires)")
        .bind("hash", SessionTokens.hash(token))
        .bind("user", userId)
        .bind("created", Database.micros(session.created()))
        .bind("expires", Database.micros(session.expires()))
        .execute());
    return session;
  }

  @Override
  public Optional<Session> find(@Nullable String token) {
    if (!SessionTokens.isWellFormed(token)) {
      return Optional.empty();
    }
    Optional<long[]> row = db.read(h -> h.createQuery("SELECT user_id, created_at, expires_at"
            + " FROM sessions WHERE token_hash = :hash")
        .bind("hash", SessionTokens.hash(token))
        .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
        .findOne());
    if (row.isEmpty()) {
      return Optional.empty();
    }
    Session session = new Session(token, row.get()[0], Database.instant(row.get()[1]),
        Database.instant(row.get()[2]));
    return session.isLiveAt(db.now()) ? Optional.of(session) : Optional.empty();
  }

  @Override
  public boolean delete(@Nullable String token) {
    if (!SessionTokens.isWellFormed(token)) {
      return false;
    }
    String hash = SessionTokens.hash(token);
    return changeLog.write((h, log) -> {
      int deleted = h.createUpdate("DELETE FROM sessions WHERE token_hash = :hash")
          .bind("hash", hash)
          .execute();
      if (deleted > 0) {
        log.append(List.of(ChangeLog.Change.session(hash)));
      }
      return deleted > 0;
    });
  }

  /** Deletes expired sessions now; returns how many. */
  public int purgeExpired() {
    int purged = db.write(h -> h.createUpdate("DELETE FROM sessions WHERE expires_at <= :now")
        .bind("now", Database.micros(db.now()))
        .execute());
    if (purged > 0) {
      LOG.debug("purged {} expired sessions", purged);
    }
    return purged;
  }

  /** The number of session rows, expired ones not yet purged included (for tests and stats). */
  public long count() {
    return db.read(h -> h.createQuery("SELECT COUNT(*) FROM sessions").mapTo(Long.class).one());
  }

  @Override
  public ChangeLog changeLog() {
    return changeLog;
  }

  private void purgeNowAndThen() {
    long last = lastPurgeNanos.get();
    long now = System.nanoTime();
    if (now - last >= PURGE_INTERVAL_NANOS && lastPurgeNanos.compareAndSet(last, now)) {
      try {
        purgeExpired();
      } catch (RuntimeException e) {
        LOG.warn("could not purge expired sessions", e);
      }
    }
  }
}
