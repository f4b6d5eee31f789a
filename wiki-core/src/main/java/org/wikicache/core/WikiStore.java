package org.wikicache.core;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where pages live: the latest content of each page, the edits that move it forward, the link
 * graph between pages, full-text search, and the administrative operations (move, delete and
 * restore, protect, block).
 *
 * <p>Every implementation is thread-safe and keeps every revision: {@link #save} never
 * overwrites, it appends a revision numbered one more than the base, or refuses with
 * {@link EditConflictException}. No call returns an unbounded result: lists take a limit of at
 * most {@link #MAX_LIMIT}, and listings of names use keyset paging ({@code after}).
 *
 * <p><b>Deleted pages</b> ({@link #delete}) keep their revisions in an archive but are absent
 * from every read: {@link #get}, {@link #getAll}, {@link #listPages}, {@link #subpages},
 * {@link #search}, {@link #linksTo} (as a source), {@link #recentChanges},
 * {@link #contributions}, and the {@link RevisionHistory} of the same store; a link to a deleted
 * page makes it {@linkplain #wantedPages wanted}. A deleted name is still taken: saving or moving
 * to it is refused until it is {@linkplain #restore restored}.
 *
 * <p><b>Authorization is not checked here</b>: the store obeys. {@link Wiki} checks who may do
 * what (protection, blocks, admin-only operations) before calling it.
 *
 * <pre>{@code
 * SaveResult r = store.save(new Edit(PageName.of("Main"), 0, "Hello", "ada", "create"));
 * Optional<Page> page = store.get(PageName.of("Main"));
 * }</pre>
 */
public interface WikiStore {
  /** The largest {@code limit} any listing accepts. */
  int MAX_LIMIT = 1000;

  /** The longest query {@link #search} accepts, in characters. */
  int MAX_SEARCH_QUERY_LENGTH = 200;

  /** The deepest {@link #search} pages: {@code offset + limit} at most this. */
  int MAX_SEARCH_RESULTS = 500;

  /**
   * The most pages one {@link #move} renames, the page itself included: one transaction, one
   * redirect per page, so its cost is bounded. A page with more sub-pages moves in parts.
   */
  int MAX_MOVED_PAGES = 100;

  /** The page's latest revision, or empty if no page has that name. */
  Optional<Page> get(PageName name);

  /**
   * The latest revision of each named page that exists, in one call (one query for a database).
   * Missing pages are absent from the map.
   *
   * @throws IllegalArgumentException if more than {@link #MAX_LIMIT} names are asked for
   */
  Map<PageName, Page> getAll(Collection<PageName> names);

  /**
   * Commits {@code edit} as the page's next revision, if its base is still the latest.
   *
   * <p>Base 0 creates the page. Content identical to the base revision's creates nothing and
   * returns the base with {@code created == false}.
   *
   * @throws EditConflictException if the base is not the page's latest revision (including a
   *     create of a page that exists, or an edit of a page that does not)
   * @throws IllegalArgumentException if the content is larger than the store accepts
   */
  SaveResult save(Edit edit);

  /**
   * Page names in ascending order, strictly after {@code after} (null for the first page of
   * results): keyset paging, so each page of results costs the same however deep it is.
   *
   * @throws IllegalArgumentException unless {@code 1 <= limit <= MAX_LIMIT}
   */
  List<PageName> listPages(@Nullable PageName after, int limit);

  /**
   * The newest revisions across all pages, newest first.
   *
   * @throws IllegalArgumentException unless {@code 1 <= limit <= MAX_LIMIT}
   */
  List<RevisionInfo> recentChanges(int limit);

  /**
   * The pages that link to {@code target} ({@code [[target]]} in their latest revision, see
   * {@link WikiLinks#targets}), in ascending name order, strictly after {@code after}. Deleted
   * pages are not listed. The link graph is updated in each save's transaction.
   *
   * @throws IllegalArgumentException unless {@code 1 <= limit <= MAX_LIMIT}
   */
  List<PageName> linksTo(PageName target, @Nullable PageName after, int limit);

  /**
   * Pages that are linked to but do not exist (or are deleted), in ascending name order,
   * strictly after {@code after}: the "red links" of the wiki.
   *
   * @throws IllegalArgumentException unless {@code 1 <= limit <= MAX_LIMIT}
   */
  List<PageName> wantedPages(@Nullable PageName after, int limit);

  /**
   * Full-text search over the latest revisions of pages (redirects and deleted pages excluded),
   * with the database's own engine. The query's words (letters and digits) must all occur, as
   * whole words, in a page's name or text, compared without regard to case; words shorter than
   * three characters and very common English words are ignored (as MariaDB's FULLTEXT does), at
   * most eight words count, and a query with no word left finds nothing. Best matches first
   * (the ranking is the engine's); ties in name order.
   *
   * @param query what the user typed, at most {@link #MAX_SEARCH_QUERY_LENGTH} characters
   * @param offset how many results to skip, for paging
   * @param limit how many to return
   * @throws IllegalArgumentException if the query is too long, {@code offset < 0}, or unless
   *     {@code 1 <= limit <= MAX_LIMIT} and {@code offset + limit <= MAX_SEARCH_RESULTS}
   */
  List<SearchHit> search(String query, int offset, int limit);

  /**
   * The sub-pages of {@code parent} (every page named {@code parent/...}, at any depth), in
   * ascending name order, strictly after {@code after}.
   *
   * @throws IllegalArgumentException unless {@code 1 <= limit <= MAX_LIMIT}
   */
  List<PageName> subpages(PageName parent, @Nullable PageName after, int limit);

  /**
   * The revisions {@code author} made (exactly that username), of pages that are not deleted,
   * newest first: keyset paged by an opaque cursor.
   *
   * @param before {@link Long#MAX_VALUE} for the newest, else the {@link Contributions#next()}
   *     of the previous page
   * @throws IllegalArgumentException unless {@code 1 <= limit <= MAX_LIMIT} and
   *     {@code before >= 1}
   */
  Contributions contributions(String author, long before, int limit);

  /**
   * Renames a page (and, if asked, each of its sub-pages) keeping its whole history, in one
   * transaction: the page's revisions, links and search text move to the new name, and the old
   * name gets a redirect ({@link WikiLinks#redirectContent}) as its next revision. A protected
   * page stays protected under its new name. An edit based on the page under its old name,
   * concurrent or later, conflicts; so does a concurrent create of a target name.
   *
   * @return the pages moved, the page itself first, then its sub-pages in name order
   * @throws MoveConflictException if the page does not exist (or is deleted), a target name is
   *     taken by a page or a deleted page, or the move would rename more than
   *     {@link #MAX_MOVED_PAGES} pages; nothing is moved then
   */
  List<MovedPage> move(Move move);

  /**
   * Deletes a page: it is kept, with its revisions, in the archive ({@link #deletedPages}) and
   * disappears from every read (see the class comment). An edit based on it, concurrent or
   * later, conflicts.
   *
   * @param by the username of who deletes it
   * @return false if there is no such page (or it is already deleted)
   * @throws IllegalArgumentException if {@code by} is blank, longer than 255 characters or holds
   *     a control character
   */
  boolean delete(PageName name, String by);

  /**
   * Brings a deleted page back with its whole history, as it was when deleted.
   *
   * @param by the username of who restores it
   * @return false if no deleted page has that name
   * @throws IllegalArgumentException if {@code by} is blank, longer than 255 characters or holds
   *     a control character
   */
  boolean restore(PageName name, String by);

  /**
   * The archive: deleted pages in ascending name order, strictly after {@code after}.
   *
   * @throws IllegalArgumentException unless {@code 1 <= limit <= MAX_LIMIT}
   */
  List<DeletedPage> deletedPages(@Nullable PageName after, int limit);

  /**
   * Protects a page (only admins may edit or move it, which {@link Wiki} enforces) or lifts the
   * protection. Durable; survives moves, deletion and restoring.
   *
   * @return false if there is no such page (or it is deleted)
   */
  boolean setProtected(PageName name, boolean protect);

  /** True if the page exists and is protected. */
  boolean isProtected(PageName name);

  /**
   * Blocks a user from editing, or unblocks them. Usernames compare case-insensitively, as
   * accounts do. Durable.
   *
   * @return true if this changed anything (false: already in that state)
   * @throws IllegalArgumentException if {@code username} is blank, longer than 255 characters
   *     (also once lower-cased) or holds U+0000
   */
  boolean setBlocked(String username, boolean blocked);

  /** True if {@code username} (in any letter case) is blocked from editing. */
  boolean isBlocked(String username);
}
