package org.wikicache.jdbc;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.ChangeLog.Change;
import org.wikicache.core.DeletedPage;
import org.wikicache.core.Move;
import org.wikicache.core.MoveConflictException;
import org.wikicache.core.MovedPage;
import org.wikicache.core.PageName;
import org.wikicache.core.Revision;
import org.wikicache.core.WikiLinks;
import org.wikicache.core.WikiStore;
import org.wikicache.core.internal.StoreChecks;

/**
 * The administrative writes of a {@link JdbcWikiStore}: move, delete and restore, protect,
 * block. Each is one transaction that appends, last, every change it makes obsolete to the
 * change log. Thread-safe.
 */
final class PageAdmin {
  private final Database db;
  private final JdbcChangeLog changeLog;
  private final PageIndex index;

  PageAdmin(Database db, JdbcChangeLog changeLog, PageIndex index) {
    this.db = db;
    this.changeLog = changeLog;
    this.index = index;
  }

  /** A page to move, as locked at the start of the move. */
  private record Source(PageName name, long latest, boolean protect) {}

  List<MovedPage> move(Move move) {
    return changeLog.write((h, log) -> {
      List<Source> sources = new ArrayList<>();
      lock(h, move.from(), false).ifPresentOrElse(sources::add, () -> {
        throw new MoveConflictException(move.from(),
            "page '" + move.from() + "' does not exist, so it cannot be moved");
      });
      move.checkExpected(sources.get(0).latest());
      if (move.withSubpages()) {
        sources.addAll(h.createQuery("SELECT name, latest, is_protected FROM pages"
                + " WHERE name > :from AND name < :end AND is_deleted = FALSE ORDER BY name"
                + " LIMIT " + WikiStore.MAX_MOVED_PAGES + " FOR UPDATE")
            .bind("from", move.from().value() + "/")
            .bind("end", move.from().value() + "0")
            .map((rs, ctx) -> new Source(PageName.of(rs.getString("name")), rs.getLong("latest"),
                rs.getBoolean("is_protected")))
            .list());
        if (sources.size() > WikiStore.MAX_MOVED_PAGES) {
          throw StoreChecks.tooManyToMove(move.from());
        }
      }
      List<String> targets = sources.stream().map(s -> move.target(s.name()).value()).toList();
      List<String> taken = h.createQuery("SELECT name FROM pages WHERE name IN (<names>)"
              + " ORDER BY name")
          .bindList("names", targets).mapTo(String.class).list();
      for (String target : targets) {
        if (taken.contains(target)) {
          throw taken(PageName.of(target));
        }
      }
      Instant now = db.now();
      List<MovedPage> moved = new ArrayList<>();
      List<Change> changes = new ArrayList<>();
      for (Source source : sources) {
        PageName from = source.name();
        PageName to = move.target(from);
        try {
          h.createUpdate("INSERT INTO pages (name, latest, is_deleted, is_protected)"
                  + " VALUES (:name, :latest, FALSE, :protect)")
              .bind("name", to.value()).bind("latest", source.latest())
              .bind("protect", source.protect()).execute();
        } catch (JdbiException e) {
          if (Database.isDuplicateKey(e)) {
            throw taken(to);  // created meanwhile
          }
          throw e;
        }
        h.createUpdate("UPDATE revisions SET page = :to WHERE page = :from")
            .bind("to", to.value()).bind("from", from.value()).execute();
        index.rename(h, from, to);
        long number = source.latest() + 1;
        int updated = h.createUpdate("UPDATE pages SET latest = :next, is_protected = FALSE"
                + " WHERE name = :name AND latest = :latest AND is_deleted = FALSE")
            .bind("next", number).bind("name", from.value()).bind("latest", source.latest())
            .execute();
        if (updated != 1) {
          throw new IllegalStateException("page '" + from + "' changed under its row lock");
        }
        Revision redirect = Revision.create(from, number, source.latest(), move.author(), now,
            move.redirectComment(from), WikiLinks.redirectContent(to));
        JdbcWikiStore.insertRevision(h, redirect);
        index.update(h, from, redirect.content(), true);
        moved.add(new MovedPage(from, to, redirect.info()));
        changes.addAll(List.of(Change.page(from), Change.page(to), Change.revisions(from),
            Change.revisions(to), Change.protection(from), Change.protection(to)));
      }
      log.append(changes);  // last: it takes the log's lock
      return List.copyOf(moved);
    });
  }

  private static MoveConflictException taken(PageName target) {
    return new MoveConflictException(target, "page '" + target
        + "' already exists (or is deleted): nothing was moved");
  }

  /** Locks the row of a page that is not deleted, for the rest of the transaction. */
  private static java.util.Optional<Source> lock(Handle h, PageName name, boolean deleted) {
    return h.createQuery("SELECT name, latest, is_protected FROM pages WHERE name = :name"
            + " AND is_deleted = :deleted FOR UPDATE")
        .bind("name", name.value()).bind("deleted", deleted)
        .map((rs, ctx) -> new Source(name, rs.getLong("latest"), rs.getBoolean("is_protected")))
        .findOne();
  }

  /** Deletes ({@code delete}) or restores a page; false if it was not in the other state. */
  boolean archive(PageName name, String by, boolean delete) {
    requireNonNull(name, "name");
    StoreChecks.checkActor(by, "by");
    return changeLog.write((h, log) -> {
      int updated = h.createUpdate("UPDATE pages SET is_deleted = :deleted, deleted_by = :by,"
              + " deleted_at = :at WHERE name = :name AND is_deleted = :was")
          .bind("deleted", delete)
          .bind("by", delete ? by : null)
          .bind("at", delete ? Database.micros(db.now()) : null)
          .bind("name", name.value())
          .bind("was", !delete)
          .execute();
      if (updated != 1) {
        return false;
      }
      log.append(List.of(Change.page(name), Change.revisions(name), Change.protection(name)));
      return true;
    });
  }

  List<DeletedPage> deletedPages(@Nullable PageName after, int limit) {
    return db.read(h -> {
      Query q = h.createQuery("SELECT name, latest, deleted_by, deleted_at FROM pages"
          + " WHERE is_deleted = TRUE" + (after == null ? "" : " AND name > :after")
          + " ORDER BY name LIMIT :limit");
      if (after != null) {
        q.bind("after", after.value());
      }
      return q.bind("limit", limit)
          .map((rs, ctx) -> new DeletedPage(PageName.of(rs.getString("name")),
              rs.getLong("latest"), rs.getString("deleted_by"),
              Database.instant(rs.getLong("deleted_at"))))
          .list();
    });
  }

  boolean setProtected(PageName name, boolean protect) {
    requireNonNull(name, "name");
    return changeLog.write((h, log) -> {
      int updated = h.createUpdate("UPDATE pages SET is_protected = :protect WHERE name = :name"
              + " AND is_deleted = FALSE")
          .bind("protect", protect).bind("name", name.value()).execute();
      if (updated != 1) {
        return false;
      }
      log.append(List.of(Change.protection(name)));
      return true;
    });
  }

  /** Another transaction blocked the user first. */
  private static final class AlreadyBlocked extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AlreadyBlocked() {
      super(null, null, false, false);
    }
  }

  boolean setBlocked(String key, boolean blocked) {
    try {
      return changeLog.write((h, log) -> {
        int changed;
        if (blocked) {
          if (h.createQuery("SELECT 1 FROM blocked_users WHERE username_key = :key")
              .bind("key", key).mapTo(Integer.class).findOne().isPresent()) {
            return false;
          }
          try {
            changed = h.createUpdate("INSERT INTO blocked_users (username_key, blocked_at)"
                    + " VALUES (:key, :at)")
                .bind("key", key).bind("at", Database.micros(db.now())).execute();
          } catch (JdbiException e) {
            if (Database.isDuplicateKey(e)) {
              throw new AlreadyBlocked();  // rolls back: PostgreSQL's transaction is broken
            }
            throw e;
          }
        } else {
          changed = h.createUpdate("DELETE FROM blocked_users WHERE username_key = :key")
              .bind("key", key).execute();
        }
        if (changed == 0) {
          return false;
        }
        log.append(List.of(Change.block(key)));
        return true;
      });
    } catch (AlreadyBlocked e) {
      return false;
    }
  }
}
