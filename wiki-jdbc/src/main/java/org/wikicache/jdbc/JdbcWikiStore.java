package org.wikicache.jdbc;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.ChangeLog;
import org.wikicache.core.ChangeLogged;
import org.wikicache.core.EditConflictException;
import org.wikicache.core.Edit;
import org.wikicache.core.Contributions;
import org.wikicache.core.DeletedPage;
import org.wikicache.core.LagAware;
import org.wikicache.core.Move;
import org.wikicache.core.MovedPage;
import org.wikicache.core.SearchHit;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.Revision;
import org.wikicache.core.RevisionHistory;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.SaveResult;
import org.wikicache.core.StoreUnavailableException;
import org.wikicache.core.WikiStore;
import org.wikicache.core.internal.SearchText;
import org.wikicache.core.internal.StoreChecks;
import org.wikicache.jdbc.ReplicaReads.Target;

/**
 * The {@link WikiStore} and {@link RevisionHistory} of a {@link JdbcWiki}: pages and their
 * immutable revisions in the {@code pages} and {@code revisions} tables.
 *
 * <p>Thread-safe. Every read is one SQL statement ({@link #getAll} too: one {@code IN (...)}
 * query); listings use keyset paging, never {@code OFFSET}. {@link #save} is one transaction that
 * inserts the revision, moves the page's latest number only if it still equals the edit's base,
 * and (once {@link JdbcWiki#notifyThroughOutbox} was called) writes a {@code PAGE_EDITED} row to
 * the notification outbox; a deadlock
 * or serialization failure re-runs it a few times before it is reported as a conflict.
 * {@link #queryCount()} counts the statements run.
 *
 * <pre>{@code
 * JdbcWikiStore store = JdbcWiki.h2InMemory("demo").store();
 * SaveResult r = store.save(new Edit(PageName.of("Main"), 0, "Hello", "ada", "create"));
 * store.history(PageName.of("Main"), Long.MAX_VALUE, 50);
 * }</pre>
 */
public final class JdbcWikiStore implements WikiStore, RevisionHistory, ChangeLogged, LagAware {
  private static final String LATEST_JOIN =
      " FROM pages p JOIN revisions r ON r.page = p.name AND r.number = p.latest"
          + " AND p.is_deleted = FALSE";
  /** Joins the revisions {@code r} to their page, if it is not deleted. */
  private static final String LIVE_PAGE =
      " JOIN pages p ON p.name = r.page AND p.is_deleted = FALSE";

  private final Database db;
  private final JdbcChangeLog changeLog;
  private final int maxContentBytes;
  private final ReplicaReads replicas;
  private final PageIndex index;
  private final PageAdmin admin;

  JdbcWikiStore(Database db, JdbcChangeLog changeLog, int maxContentBytes,
      ReplicaReads replicas) {
    this.db = db;
    this.changeLog = changeLog;
    this.maxContentBytes = maxContentBytes;
    this.replicas = replicas;
    this.index = new PageIndex(db);
    this.admin = new PageAdmin(db, changeLog, index);
  }

  @Override
  public Optional<Page> get(PageName name) {
    requireNonNull(name, "name");
    return replicas.read(Target.page(name), h -> h.createQuery("SELECT " + Rows.INFO_COLUMNS
            + ", r.content" + LATEST_JOIN + " WHERE p.name = :name")
        .bind("name", name.value())
        .map((rs, ctx) -> page(Rows.info(rs), rs.getString("content")))
        .findOne());
  }

  @Override
  public Map<PageName, Page> getAll(Collection<PageName> names) {
    checkArgument(names.size() <= MAX_LIMIT, "at most %s names per call, got %s", MAX_LIMIT,
        names.size());
    LinkedHashSet<String> wanted = new LinkedHashSet<>();
    for (PageName name : names) {
      wanted.add(requireNonNull(name, "name").value());
    }
    if (wanted.isEmpty()) {
      return Map.of();
    }
    Map<PageName, Page> found = new java.util.HashMap<>();
    replicas.read(Target.pages(wanted), h -> {
      found.clear();  // a replica that failed half way may have added some
      h.createQuery("SELECT " + Rows.INFO_COLUMNS + ", r.content" + LATEST_JOIN
              + " WHERE p.name IN (<names>)")
          .bindList("names", List.copyOf(wanted))
          .map((rs, ctx) -> page(Rows.info(rs), rs.getString("content")))
          .forEach(page -> found.put(page.name(), page));
      return null;
    });
    Map<PageName, Page> ordered = new LinkedHashMap<>();
    for (PageName name : names) {
      Page page = found.get(name);
      if (page != null) {
        ordered.put(name, page);
      }
    }
    return ordered;
  }

  @Override
  public SaveResult save(Edit edit) {
    requireNonNull(edit, "edit");
    StoreChecks.checkContentSize(edit.content(), maxContentBytes);
    String sha = StoreChecks.sha256(edit.content());
    try {
      return changeLog.write((h, log) -> saveIn(h, log, edit, sha));
    } catch (ConflictSignal e) {
      throw conflict(edit);
    } catch (StoreUnavailableException e) {
      if (e.getCause() != null && Database.isRetryable(e.getCause())) {
        throw conflict(edit);  // every attempt lost to a concurrent save of the page
      }
      throw e;
    }
  }

  private EditConflictException conflict(Edit edit) {
    return new EditConflictException(edit.page(), edit.baseRevision(),
        latestInfo(edit.page()).orElse(null));
  }

  private SaveResult saveIn(Handle h, JdbcChangeLog.Appender log, Edit edit, String sha) {
    String name = edit.page().value();
    long base = edit.baseRevision();
    if (base == 0) {
      try {
        h.createUpdate("INSERT INTO pages (name, latest) VALUES (:name, 1)")
            .bind("name", name)
            .execute();
      } catch (JdbiException e) {
        if (Database.isDuplicateKey(e)) {
          throw new ConflictSignal();
        }
        throw e;
      }
    } else {
      RevisionInfo baseInfo = h.createQuery("SELECT " + Rows.INFO_COLUMNS + LATEST_JOIN
              + " WHERE p.name = :name AND p.latest = :base")
          .bind("name", name)
          .bind("base", base)
          .map((rs, ctx) -> Rows.info(rs))
          .findOne()
          .orElseThrow(ConflictSignal::new);
      if (baseInfo.sha256().equals(sha)) {
        return new SaveResult(baseInfo, false);
      }
      int moved = h.createUpdate("UPDATE pages SET latest = :next WHERE name = :name"
              + " AND latest = :base AND is_deleted = FALSE")
          .bind("next", base + 1)
          .bind("name", name)
          .bind("base", base)
          .execute();
      if (moved != 1) {
        throw new ConflictSignal();
      }
    }
    Instant now = db.now();
    Revision revision = Revision.create(edit.page(), base + 1, base, edit.author(), now,
        edit.comment(), edit.content());
    RevisionInfo info = revision.info();
    insertRevision(h, revision);
    if (db.writesOutbox()) {
      h.createUpdate("INSERT INTO notification_outbox (kind, page_name, revision_number, user_id,"
              + " created_at, attempts, next_attempt_at) VALUES ('PAGE_EDITED', :page, :number,"
              + " NULL, :now, 0, :now)")
          .bind("page", name)
          .bind("number", info.number())
          .bind("now", Database.micros(now))
          .execute();
    }
    index.update(h, edit.page(), edit.content(), base == 0);
    log.append(List.of(ChangeLog.Change.page(edit.page())));  // last: it takes the log's lock
    return new SaveResult(info, true);
  }

  /** Inserts a revision row. */
  static void insertRevision(Handle h, Revision revision) {
    RevisionInfo info = revision.info();
    h.createUpdate("INSERT INTO revisions (page, number, parent, author, created_at, summary,"
            + " content, byte_length, sha256) VALUES (:page, :number, :parent, :author, :time,"
            + " :summary, :content, :length, :sha)")
        .bind("page", info.page().value())
        .bind("number", info.number())
        .bind("parent", info.parent())
        .bind("author", info.author())
        .bind("time", Database.micros(info.time()))
        .bind("summary", info.comment())
        .bind("content", revision.content())
        .bind("length", info.length())
        .bind("sha", info.sha256())
        .execute();
  }

  private Optional<RevisionInfo> latestInfo(PageName page) {
    return db.read(h -> h.createQuery("SELECT " + Rows.INFO_COLUMNS + LATEST_JOIN
            + " WHERE p.name = :name")
        .bind("name", page.value())
        .map((rs, ctx) -> Rows.info(rs))
        .findOne());
  }

  @Override
  public List<PageName> listPages(@Nullable PageName after, int limit) {
    StoreChecks.checkLimit(limit);
    return replicas.read(Target.EVERYTHING, h -> (after == null
            ? h.createQuery("SELECT name FROM pages WHERE is_deleted = FALSE ORDER BY name"
                + " LIMIT :limit")
            : h.createQuery("SELECT name FROM pages WHERE name > :after AND is_deleted = FALSE"
                + " ORDER BY name LIMIT :limit").bind("after", after.value()))
        .bind("limit", limit)
        .map((rs, ctx) -> PageName.of(rs.getString("name")))
        .list());
  }

  @Override
  public List<RevisionInfo> recentChanges(int limit) {
    StoreChecks.checkLimit(limit);
    return replicas.read(Target.EVERYTHING, h -> h.createQuery("SELECT " + Rows.INFO_COLUMNS
            + " FROM revisions r" + LIVE_PAGE + " ORDER BY r.seq DESC LIMIT :limit")
        .bind("limit", limit)
        .map((rs, ctx) -> Rows.info(rs))
        .list());
  }

  @Override
  public Optional<Revision> revision(PageName page, long number) {
    requireNonNull(page, "page");
    if (number < 1) {
      return Optional.empty();
    }
    return replicas.read(Target.page(page), h -> h.createQuery("SELECT " + Rows.INFO_COLUMNS
            + ", r.content"
            + " FROM revisions r" + LIVE_PAGE + " WHERE r.page = :page AND r.number = :number")
        .bind("page", page.value())
        .bind("number", number)
        .map((rs, ctx) -> new Revision(Rows.info(rs), rs.getString("content")))
        .findOne());
  }

  @Override
  public List<RevisionInfo> history(PageName page, long before, int limit) {
    requireNonNull(page, "page");
    StoreChecks.checkLimit(limit);
    checkArgument(before >= 1, "before must be >= 1, was %s", before);
    return replicas.read(Target.page(page), h -> h.createQuery("SELECT " + Rows.INFO_COLUMNS
            + " FROM revisions r" + LIVE_PAGE + " WHERE r.page = :page AND r.number < :before"
            + " ORDER BY r.number DESC LIMIT :limit")
        .bind("page", page.value())
        .bind("before", before)
        .bind("limit", limit)
        .map((rs, ctx) -> Rows.info(rs))
        .list());
  }

  @Override
  public List<PageName> linksTo(PageName target, @Nullable PageName after, int limit) {
    requireNonNull(target, "target");
    StoreChecks.checkLimit(limit);
    return index.linksTo(target, after, limit);
  }

  @Override
  public List<PageName> wantedPages(@Nullable PageName after, int limit) {
    StoreChecks.checkLimit(limit);
    return index.wantedPages(after, limit);
  }

  @Override
  public List<SearchHit> search(String query, int offset, int limit) {
    SearchText.check(query, offset, limit);
    return index.search(query, offset, limit);
  }

  @Override
  public List<PageName> subpages(PageName parent, @Nullable PageName after, int limit) {
    requireNonNull(parent, "parent");
    StoreChecks.checkLimit(limit);
    String prefix = parent.value() + "/";
    String from = after != null && after.value().compareTo(prefix) > 0 ? after.value() : prefix;
    return db.read(h -> h.createQuery("SELECT name FROM pages WHERE name > :from AND name < :end"
            + " AND is_deleted = FALSE ORDER BY name LIMIT :limit")
        .bind("from", from)
        .bind("end", parent.value() + "0")  // '0' follows '/'
        .bind("limit", limit)
        .map((rs, ctx) -> PageName.of(rs.getString("name")))
        .list());
  }

  @Override
  public Contributions contributions(String author, long before, int limit) {
    requireNonNull(author, "author");
    StoreChecks.checkLimit(limit);
    checkArgument(before >= 1, "before must be >= 1, was %s", before);
    if (!StoreChecks.couldBeActor(author)) {
      return new Contributions(List.of(), 0);  // no author has such a name (PostgreSQL: no NUL)
    }
    record Row(RevisionInfo info, long seq) {}
    List<Row> rows = db.read(h -> h.createQuery("SELECT " + Rows.INFO_COLUMNS + ", r.seq"
            + " FROM revisions r" + LIVE_PAGE + " WHERE r.author = :author AND r.seq < :before"
            + " ORDER BY r.seq DESC LIMIT :limit")
        .bind("author", author)
        .bind("before", before)
        .bind("limit", limit + 1)
        .map((rs, ctx) -> new Row(Rows.info(rs), rs.getLong("seq")))
        .list());
    boolean more = rows.size() > limit;
    List<Row> shown = more ? rows.subList(0, limit) : rows;
    return new Contributions(shown.stream().map(Row::info).toList(),
        more ? shown.get(shown.size() - 1).seq() : 0);
  }

  @Override
  public List<MovedPage> move(Move move) {
    requireNonNull(move, "move");
    return admin.move(move);
  }

  @Override
  public boolean delete(PageName name, String by) {
    return admin.archive(name, by, true);
  }

  @Override
  public boolean restore(PageName name, String by) {
    return admin.archive(name, by, false);
  }

  @Override
  public List<DeletedPage> deletedPages(@Nullable PageName after, int limit) {
    StoreChecks.checkLimit(limit);
    return admin.deletedPages(after, limit);
  }

  @Override
  public boolean setProtected(PageName name, boolean protect) {
    return admin.setProtected(name, protect);
  }

  @Override
  public boolean isProtected(PageName name) {
    requireNonNull(name, "name");
    return db.read(h -> h.createQuery("SELECT is_protected FROM pages WHERE name = :name"
            + " AND is_deleted = FALSE")
        .bind("name", name.value())
        .mapTo(Boolean.class)
        .findOne()
        .orElse(false));
  }

  @Override
  public boolean setBlocked(String username, boolean blocked) {
    return admin.setBlocked(StoreChecks.usernameKey(username), blocked);
  }

  @Override
  public boolean isBlocked(String username) {
    requireNonNull(username, "username");
    String key;
    try {
      key = StoreChecks.usernameKey(username);
    } catch (IllegalArgumentException e) {
      return false;  // a name that cannot be blocked is not blocked
    }
    return db.read(h -> h.createQuery("SELECT 1 FROM blocked_users WHERE username_key = :key")
        .bind("key", key)
        .mapTo(Integer.class)
        .findOne()
        .isPresent());
  }

  /** Indexes the pages saved before the link graph and search existed; see PageIndex. */
  int backfillIndex() {
    return index.backfill();
  }

  @Override
  public ChangeLog changeLog() {
    return changeLog;
  }

  /**
   * Runs {@code read} so that the reads of this store (and of the wiki's profiles) it makes in
   * the calling thread use a replica only if it has replayed the latest logged change of what
   * they read; the others read the primary. Without replicas, just runs {@code read}.
   */
  @Override
  public <T> T lagSafe(Supplier<T> read) {
    return replicas.lagSafe(read);
  }

  /** The number of SQL statements this store's database has run (all of its users' included). */
  public long queryCount() {
    return db.queryCount();
  }

  /** {@link #queryCount()} as a supplier, for meters and tests. */
  public LongSupplier queryCounter() {
    return db::queryCount;
  }

  private static Page page(RevisionInfo info, String content) {
    return new Page(info.page(), info.number(), content, info.author(), info.time());
  }

  /** Thrown inside the save transaction to roll it back and report a conflict. */
  private static final class ConflictSignal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConflictSignal() {
      super(null, null, false, false);
    }
  }
}
