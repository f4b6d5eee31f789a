package org.wikicache.jdbc;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.WikiEvent;

/**
 * The durable notification outbox of a {@link JdbcWiki}: the {@code notification_outbox} table,
 * whose rows the store and user profiles insert in the same transaction as the edit or sign-up
 * they announce, so a committed change is never without its notification and a rolled-back one
 * never has one.
 *
 * <p>Deliverers {@linkplain #claim claim} due rows for a lease, deliver them, and mark each
 * {@linkplain #markSent sent} or {@linkplain #markFailed failed} (to be retried later). Claims
 * make several deliverers, in one process or many, safe: a row is handed to one claimant at a
 * time ({@code SELECT ... FOR UPDATE SKIP LOCKED} on PostgreSQL and MariaDB, a conditional
 * {@code UPDATE} on H2), and a claim whose lease ran out (its deliverer died) is claimable again.
 * Most users never call it: {@link JdbcWiki#notifyThroughOutbox} runs the deliverer, and
 * {@link #pendingCount()} tells how many notifications wait.
 *
 * <p>Thread-safe.
 *
 * <pre>{@code
 * JdbcOutbox outbox = db.outbox();
 * List<OutboxEntry> batch = outbox.claim("mailer-1", 10, Duration.ofMinutes(5));
 * }</pre>
 */
public final class JdbcOutbox {
  /** The largest batch {@link #claim} hands out. */
  public static final int MAX_BATCH = 1000;
  /** The longest worker id, in characters. */
  public static final int MAX_WORKER_LENGTH = 100;
  /** Error messages are cut to this many characters. */
  public static final int MAX_ERROR_LENGTH = 1000;

  private static final String DUE = "o.sent_at IS NULL AND o.next_attempt_at <= :now"
      + " AND (o.claimed_until IS NULL OR o.claimed_until <= :now OR o.claimed_by = :worker)";

  private final Database db;

  JdbcOutbox(Database db) {
    this.db = db;
  }

  /**
   * Claims up to {@code max} unsent rows that are due (their next attempt time has come) and not
   * claimed by another worker under a live lease, oldest first, for {@code lease}; rows this
   * {@code worker} claimed before and never settled (it stopped mid-run) are claimed again.
   * Worker ids must be unique among running deliverers.
   *
   * @return the claimed entries, possibly empty
   * @throws IllegalArgumentException if {@code worker} is blank or longer than
   *     {@value #MAX_WORKER_LENGTH}, {@code max} is not in 1..{@value #MAX_BATCH}, or
   *     {@code lease} is not positive
   */
  public List<OutboxEntry> claim(String worker, int max, Duration lease) {
    requireNonNull(worker, "worker");
    checkArgument(!worker.isBlank() && worker.length() <= MAX_WORKER_LENGTH,
        "worker must be 1 to %s characters, not blank", MAX_WORKER_LENGTH);
    checkArgument(max >= 1 && max <= MAX_BATCH, "max must be between 1 and %s, was %s",
        MAX_BATCH, max);
    requireNonNull(lease, "lease");
    checkArgument(!lease.isNegative() && !lease.isZero(), "lease must be positive, was %s", lease);
    Instant now = db.now();
    long nowUs = Database.micros(now);
    long until = Database.micros(now.plus(lease));
    List<Raw> raws = db.write(h -> {
      List<Long> ids = h.createQuery("SELECT o.id FROM notification_outbox o WHERE " + DUE
              + " ORDER BY o.id LIMIT :max" + (db.kind.hasSkipLocked()
                  ? " FOR UPDATE SKIP LOCKED" : ""))
          .bind("now", nowUs)
          .bind("worker", worker)
          .bind("max", max)
          .mapTo(Long.class)
          .list();
      if (ids.isEmpty()) {
        return List.of();
      }
      // On H2 the condition is checked again under the row lock: a racing claimant updates 0 rows.
      h.createUpdate("UPDATE notification_outbox SET claimed_by = :worker, claimed_until = :until"
              + " WHERE id IN (<ids>) AND " + DUE.replace("o.", ""))
          .bind("worker", worker)
          .bind("until", until)
          .bind("now", nowUs)
          .bindList("ids", ids)
          .execute();
      return load(h, ids, worker, until);
    });
    List<OutboxEntry> entries = new ArrayList<>(raws.size());
    for (Raw raw : raws) {
      if (raw.event() == null) {
        markSent(raw.id(), "the referenced revision or user no longer exists");
      } else {
        entries.add(new OutboxEntry(raw.id(), raw.event(), raw.attempts()));
      }
    }
    return entries;
  }

  private static List<Raw> load(Handle h, List<Long> ids, String worker, long until) {
    return h.createQuery("SELECT o.id AS o_id, o.kind AS o_kind, o.attempts AS o_attempts, "
            + Rows.INFO_COLUMNS + ", " + Rows.USER_COLUMNS
            + " FROM notification_outbox o"
            + " LEFT JOIN revisions r ON r.page = o.page_name AND r.number = o.revision_number"
            + " LEFT JOIN users u ON u.id = o.user_id"
            + " WHERE o.id IN (<ids>) AND o.claimed_by = :worker AND o.claimed_until = :until"
            + " ORDER BY o.id")
        .bindList("ids", ids)
        .bind("worker", worker)
        .bind("until", until)
        .map((rs, ctx) -> new Raw(rs.getLong("o_id"), event(rs), rs.getInt("o_attempts")))
        .list();
  }

  private static @Nullable WikiEvent event(ResultSet rs) throws SQLException {
    String kind = rs.getString("o_kind");
    if ("PAGE_EDITED".equals(kind)) {
      rs.getLong("r_number");
      return rs.wasNull() ? null : new WikiEvent.PageEdited(Rows.info(rs));
    }
    if ("USER_SIGNED_UP".equals(kind)) {
      rs.getLong("u_id");
      return rs.wasNull() ? null : new WikiEvent.UserSignedUp(Rows.user(rs));
    }
    return null;
  }

  /** Records that entry {@code id} was delivered; it is never claimed again. */
  public void markSent(long id) {
    markSent(id, null);
  }

  private void markSent(long id, @Nullable String note) {
    db.write(h -> h.createUpdate("UPDATE notification_outbox SET sent_at = :now,"
            + " claimed_by = NULL, claimed_until = NULL, last_error = :note WHERE id = :id")
        .bind("now", Database.micros(db.now()))
        .bind("note", note)
        .bind("id", id)
        .execute());
  }

  /**
   * Records a failed delivery of entry {@code id}: counts the attempt, keeps {@code error}
   * (cut to {@value #MAX_ERROR_LENGTH} characters) and releases the claim so the entry is due
   * again at {@code nextAttempt}.
   */
  public void markFailed(long id, String error, Instant nextAttempt) {
    requireNonNull(error, "error");
    requireNonNull(nextAttempt, "nextAttempt");
    String cut = error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
    db.write(h -> h.createUpdate("UPDATE notification_outbox SET attempts = attempts + 1,"
            + " last_error = :error, next_attempt_at = :next, claimed_by = NULL,"
            + " claimed_until = NULL WHERE id = :id AND sent_at IS NULL")
        .bind("error", cut)
        .bind("next", Database.micros(Database.truncate(nextAttempt)))
        .bind("id", id)
        .execute());
  }

  /**
   * Gives back {@code worker}'s claims on the unsent entries {@code ids}, so that any worker may
   * claim them at once rather than after the lease (a deliverer that stops mid-batch).
   */
  void release(String worker, List<Long> ids) {
    if (ids.isEmpty()) {
      return;
    }
    db.write(h -> h.createUpdate("UPDATE notification_outbox SET claimed_by = NULL,"
            + " claimed_until = NULL WHERE id IN (<ids>) AND claimed_by = :worker"
            + " AND sent_at IS NULL")
        .bindList("ids", ids)
        .bind("worker", worker)
        .execute());
  }

  /** The number of entries not yet delivered (due or not, claimed or not). */
  public long pendingCount() {
    return db.read(h -> h.createQuery(
            "SELECT COUNT(*) FROM notification_outbox WHERE sent_at IS NULL")
        .mapTo(Long.class)
        .one());
  }

  /** The clock the outbox measures due times and leases with (the wiki's clock). */
  java.time.Clock clock() {
    return db.clock;
  }

  private record Raw(long id, @Nullable WikiEvent event, int attempts) {}
}
