package org.wikicache.jdbc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.PageName;
import org.wikicache.core.SearchHit;
import org.wikicache.core.WikiLinks;
import org.wikicache.core.internal.SearchText;

/**
 * The link graph ({@code links}) and the search text ({@code search_text}) of a
 * {@link JdbcWikiStore}: kept up to date inside the transactions of saves and moves, and read
 * with each database's own engine. Thread-safe (stateless but for the database).
 */
final class PageIndex {
  /** How much of each hit's content is read to cut its snippet from. */
  private static final int SNIPPET_SOURCE_CHARS = 20_000;
  /** On H2, which has no full-text engine here: the most matches ranked, in name order. */
  static final int H2_MAX_CANDIDATES = 2_000;

  private final Database db;

  PageIndex(Database db) {
    this.db = db;
  }

  /** Replaces the links and search text of {@code name} by those of {@code content}. */
  void update(Handle h, PageName name, String content, boolean created) {
    Set<PageName> targets = WikiLinks.targets(content);
    if (!created) {
      h.createUpdate("DELETE FROM links WHERE source = :name").bind("name", name.value())
          .execute();
    }
    if (!targets.isEmpty()) {
      PreparedBatch batch = h.prepareBatch("INSERT INTO links (source, target)"
          + " VALUES (:source, :target)");
      for (PageName target : targets) {
        batch.bind("source", name.value()).bind("target", target.value()).add();
      }
      batch.execute();
    }
    boolean redirect = WikiLinks.redirectTarget(content).isPresent();
    if (redirect) {
      if (!created) {
        h.createUpdate("DELETE FROM search_text WHERE name = :name").bind("name", name.value())
            .execute();
      }
      return;
    }
    String title = SearchText.title(name);
    String body = SearchText.body(content);
    int updated = created ? 0 : h.createUpdate("UPDATE search_text SET title = :title,"
            + " body = :body WHERE name = :name")
        .bind("title", title).bind("body", body).bind("name", name.value()).execute();
    if (updated == 0) {
      h.createUpdate("INSERT INTO search_text (name, title, body) VALUES (:name, :title, :body)")
          .bind("name", name.value()).bind("title", title).bind("body", body).execute();
    }
  }

  /** Pages indexed per transaction by {@link #backfill}. */
  private static final int BACKFILL_BATCH = 200;

  /**
   * Indexes (links and search text) every page saved before the index existed, once per
   * database: in batches, each a transaction that locks the state row (one backfill at a time)
   * and its pages' rows (so no save of them interleaves); then marks the database done.
   *
   * @return how many pages were indexed (0 when already done)
   */
  int backfill() {
    boolean done = db.read(h -> h.createQuery("SELECT backfilled FROM page_index_state"
            + " WHERE id = 1").mapTo(Boolean.class).findOne().orElse(true));
    if (done) {
      return 0;
    }
    int indexed = 0;
    String after = "";
    while (true) {
      String from = after;
      List<String> batch = db.write(h -> {
        boolean finished = h.createQuery("SELECT backfilled FROM page_index_state WHERE id = 1"
                + " FOR UPDATE").mapTo(Boolean.class).one();
        if (finished) {
          return List.<String>of();
        }
        List<String> names = h.createQuery("SELECT name FROM pages WHERE name > :after"
                + " ORDER BY name LIMIT " + BACKFILL_BATCH + " FOR UPDATE")
            .bind("after", from).mapTo(String.class).list();
        if (names.isEmpty()) {
          h.createUpdate("UPDATE page_index_state SET backfilled = TRUE WHERE id = 1").execute();
          return names;
        }
        h.createQuery("SELECT p.name, r.content FROM pages p JOIN revisions r"
                + " ON r.page = p.name AND r.number = p.latest WHERE p.name IN (<names>)")
            .bindList("names", names)
            .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getString("content")))
            .list()
            .forEach(e -> update(h, PageName.of(e.getKey()), e.getValue(), false));
        return names;
      });
      if (batch.isEmpty()) {
        return indexed;
      }
      indexed += batch.size();
      after = batch.get(batch.size() - 1);
    }
  }

  /** Moves the links and search text of {@code from} to {@code to}. */
  void rename(Handle h, PageName from, PageName to) {
    h.createUpdate("UPDATE links SET source = :to WHERE source = :from")
        .bind("to", to.value()).bind("from", from.value()).execute();
    h.createUpdate("UPDATE search_text SET name = :to, title = :title WHERE name = :from")
        .bind("to", to.value()).bind("title", SearchText.title(to)).bind("from", from.value())
        .execute();
  }

  List<PageName> linksTo(PageName target, @Nullable PageName after, int limit) {
    return db.read(h -> {
      Query q = h.createQuery("SELECT l.source FROM links l JOIN pages p ON p.name = l.source"
          + " AND p.is_deleted = FALSE WHERE l.target = :target"
          + (after == null ? "" : " AND l.source > :after")
          + " ORDER BY l.source LIMIT :limit");
      if (after != null) {
        q.bind("after", after.value());
      }
      return q.bind("target", target.value()).bind("limit", limit)
          .map((rs, ctx) -> PageName.of(rs.getString(1))).list();
    });
  }

  List<PageName> wantedPages(@Nullable PageName after, int limit) {
    return db.read(h -> {
      Query q = h.createQuery("SELECT DISTINCT l.target FROM links l"
          + " JOIN pages s ON s.name = l.source AND s.is_deleted = FALSE"
          + " WHERE " + (after == null ? "" : "l.target > :after AND ")
          + " NOT EXISTS (SELECT 1 FROM pages p WHERE p.name = l.target"
          + " AND p.is_deleted = FALSE) ORDER BY l.target LIMIT :limit");
      if (after != null) {
        q.bind("after", after.value());
      }
      return q.bind("limit", limit).map((rs, ctx) -> PageName.of(rs.getString(1))).list();
    });
  }

  /** A match before its snippet is cut. */
  private record Match(PageName name, long revision, String content) {}

  List<SearchHit> search(String query, int offset, int limit) {
    List<String> terms = SearchText.terms(query);
    if (terms.isEmpty()) {
      return List.of();
    }
    List<Match> matches = switch (db.kind) {
      case POSTGRESQL -> engineSearch("ts_rank(st.tsv, plainto_tsquery('simple', :q))",
          "st.tsv @@ plainto_tsquery('simple', :q)", String.join(" ", terms), offset, limit);
      case MARIADB -> engineSearch("MATCH (st.title, st.body) AGAINST (:q IN BOOLEAN MODE)",
          "MATCH (st.title, st.body) AGAINST (:q IN BOOLEAN MODE)",
          "+" + String.join(" +", terms), offset, limit);
      case H2 -> h2Search(terms, offset, limit);
    };
    List<SearchHit> hits = new ArrayList<>(matches.size());
    for (Match m : matches) {
      hits.add(new SearchHit(m.name(), m.revision(), SearchText.snippet(m.content(), terms)));
    }
    return hits;
  }

  private List<Match> engineSearch(String rank, String where, String q, int offset, int limit) {
    return db.read(h -> h.createQuery("SELECT p.name, p.latest, SUBSTRING(r.content, 1, "
            + SNIPPET_SOURCE_CHARS + ") AS content, " + rank + " AS score"
            + " FROM search_text st JOIN pages p ON p.name = st.name AND p.is_deleted = FALSE"
            + " JOIN revisions r ON r.page = p.name AND r.number = p.latest"
            + " WHERE " + where + " ORDER BY score DESC, p.name LIMIT :limit OFFSET :offset")
        .bind("q", q).bind("limit", limit).bind("offset", offset)
        .map((rs, ctx) -> new Match(PageName.of(rs.getString("name")), rs.getLong("latest"),
            rs.getString("content")))
        .list());
  }

  /**
   * H2: whole words by regular expression over the stored text, ranked here by
   * {@link SearchText#score} (at most {@link #H2_MAX_CANDIDATES} matches, in name order, are
   * ranked); then the contents of the page of results.
   */
  private List<Match> h2Search(List<String> terms, int offset, int limit) {
    record Candidate(PageName name, long revision, int score) {}
    StringBuilder where = new StringBuilder();
    for (int i = 0; i < terms.size(); i++) {
      where.append(i == 0 ? "" : " AND ").append("(REGEXP_LIKE(st.title, :re").append(i)
          .append(") OR REGEXP_LIKE(st.body, :re").append(i).append("))");
    }
    List<Candidate> candidates = db.read(h -> {
      Query q = h.createQuery("SELECT p.name, p.latest, st.title, st.body FROM search_text st"
          + " JOIN pages p ON p.name = st.name AND p.is_deleted = FALSE WHERE " + where
          + " ORDER BY p.name LIMIT " + H2_MAX_CANDIDATES);
      for (int i = 0; i < terms.size(); i++) {
        q.bind("re" + i, SearchText.wholeWordRegex(terms.get(i)));
      }
      return q.map((rs, ctx) -> new Candidate(PageName.of(rs.getString("name")),
          rs.getLong("latest"), SearchText.score(terms, rs.getString("title"),
              rs.getString("body")))).list();
    });
    List<Candidate> page = candidates.stream().filter(c -> c.score() > 0)
        .sorted(Comparator.comparingInt(Candidate::score).reversed()
            .thenComparing(Candidate::name))
        .skip(offset).limit(limit).toList();
    if (page.isEmpty()) {
      return List.of();
    }
    Map<String, String> contents = new HashMap<>();
    db.read(h -> {
      h.createQuery("SELECT r.page, SUBSTRING(r.content, 1, " + SNIPPET_SOURCE_CHARS
              + ") AS content FROM pages p JOIN revisions r ON r.page = p.name"
              + " AND r.number = p.latest WHERE p.name IN (<names>)")
          .bindList("names", page.stream().map(c -> c.name().value()).toList())
          .map((rs, ctx) -> Map.entry(rs.getString("page"), rs.getString("content")))
          .forEach(e -> contents.put(e.getKey(), e.getValue()));
      return null;
    });
    List<Match> matches = new ArrayList<>();
    for (Candidate c : page) {
      matches.add(new Match(c.name(), c.revision(), contents.getOrDefault(c.name().value(), "")));
    }
    return matches;
  }
}
