package org.wikicache.core;

import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wikicache.core.internal.StoreChecks;

/**
 * The wiki's use cases on top of its storage interfaces: view (following redirects), edit,
 * history, compare, revert, search, links, the index, move, delete and restore, protect, block,
 * sign up, log in, update a profile, and notify admins of edits and sign-ups.
 *
 * <p><b>Authorization</b> is checked here, not in the stores: {@link #edit} and {@link #revert}
 * refuse a blocked author, and a protected page to an author who is not an {@link Role#ADMIN}
 * (the author is looked up by username; an author without an account is no admin);
 * {@link #move} takes the same checks for the page moved; {@link #delete}, {@link #restore},
 * {@link #protect} and {@link #block} need an admin. The acting user's roles are read again
 * from {@link UserProfiles} on each call, so a role withdrawn takes effect at once. Refusals are
 * {@link PermissionDeniedException}s.
 *
 * <p>Thread-safe if its parts are. Notification failures are logged and never fail the call.
 *
 * <p><b>Notifications:</b> who announces an edit or sign-up depends on the store, and exactly one
 * of them must. With a database, the database does: wiki-jdbc's
 * {@code JdbcWiki.notifyThroughOutbox(notifier)} records each event in the change's own
 * transaction and delivers it once, with retries; give this builder <em>no</em> notifier then, or
 * every event is announced twice. With the in-memory stores, which record nothing, give the
 * notifier here: it is called after each change, on the caller's thread, once, without retries.
 *
 * <pre>{@code
 * InMemoryWikiStore store = InMemoryWikiStore.create();
 * Wiki wiki = Wiki.newBuilder()
 *     .store(store).history(store)
 *     .users(new InMemoryUserProfiles(AccountPolicy.DEFAULT, PasswordHasher.DEFAULT, clock))
 *     .notifier(new LoggingNotifier())     // in-memory stores: the Wiki announces events
 *     .build();
 * wiki.edit(new Edit(PageName.of("Main"), 0, "Hello", "ada", "create"));
 * }</pre>
 */
public final class Wiki {
  private static final Logger LOG = LoggerFactory.getLogger(Wiki.class);

  private final WikiStore store;
  private final RevisionHistory history;
  private final UserProfiles users;
  private final Notifier notifier;

  private Wiki(Builder builder) {
    this.store = builder.store;
    this.history = builder.history;
    this.users = builder.users;
    this.notifier = builder.notifier;
  }

  /** A builder; store, history and users are required, the notifier defaults to none. */
  public static Builder newBuilder() {
    return new Builder();
  }

  /** The store this wiki reads and writes pages through. */
  public WikiStore store() {
    return store;
  }

  /** The revision history this wiki reads. */
  public RevisionHistory revisions() {
    return history;
  }

  /** The user accounts. */
  public UserProfiles users() {
    return users;
  }

  /** The latest revision of a page. */
  public Optional<Page> view(PageName name) {
    return store.get(name);
  }

  /** Revision {@code number} of a page. */
  public Optional<Revision> view(PageName name, long number) {
    return history.revision(name, number);
  }

  /**
   * The page a view shows for {@code name}: the page itself, or, if it is a redirect
   * ({@link WikiLinks#redirectTarget}) to a page that exists, that page with a note of where the
   * reader came from. One hop only: a redirect to a redirect shows the second redirect.
   */
  public Optional<ResolvedPage> resolve(PageName name) {
    Optional<Page> page = store.get(name);
    if (page.isEmpty()) {
      return Optional.empty();
    }
    Optional<PageName> target = WikiLinks.redirectTarget(page.get().content());
    if (target.isPresent() && !target.get().equals(name)) {
      Optional<Page> followed = store.get(target.get());
      if (followed.isPresent()) {
        return Optional.of(new ResolvedPage(followed.get(), Optional.of(name)));
      }
    }
    return Optional.of(new ResolvedPage(page.get(), Optional.empty()));
  }

  /**
   * Saves an edit and, if it made a new revision, notifies admins.
   *
   * @throws EditConflictException if someone saved since the edit's base revision
   * @throws PermissionDeniedException if the author is blocked, or the page is protected and
   *     the author is not an admin
   */
  public SaveResult edit(Edit edit) {
    checkMayChange(edit.author(), edit.page());
    SaveResult result = store.save(edit);
    if (result.created()) {
      notifySafely(new WikiEvent.PageEdited(result.revision()));
    }
    return result;
  }

  /** A page of a page's history, newest first; see {@link RevisionHistory#history}. */
  public List<RevisionInfo> history(PageName name, long before, int limit) {
    return history.history(name, before, limit);
  }

  /** The newest changes across the wiki. */
  public List<RevisionInfo> recentChanges(int limit) {
    return store.recentChanges(limit);
  }

  /** Page names after {@code after}, in order; see {@link WikiStore#listPages}. */
  public List<PageName> listPages(@Nullable PageName after, int limit) {
    return store.listPages(after, limit);
  }

  /** Search results; see {@link WikiStore#search}. */
  public List<SearchHit> search(String query, int offset, int limit) {
    return store.search(query, offset, limit);
  }

  /** The pages that link to {@code target}; see {@link WikiStore#linksTo}. */
  public List<PageName> linksTo(PageName target, @Nullable PageName after, int limit) {
    return store.linksTo(target, after, limit);
  }

  /** Linked pages that do not exist; see {@link WikiStore#wantedPages}. */
  public List<PageName> wantedPages(@Nullable PageName after, int limit) {
    return store.wantedPages(after, limit);
  }

  /** The sub-pages of {@code parent}; see {@link WikiStore#subpages}. */
  public List<PageName> subpages(PageName parent, @Nullable PageName after, int limit) {
    return store.subpages(parent, after, limit);
  }

  /** A user's contributions; see {@link WikiStore#contributions}. */
  public Contributions contributions(String author, long before, int limit) {
    return store.contributions(author, before, limit);
  }

  /** True if the page is protected (shown on the page). */
  public boolean isProtected(PageName name) {
    return store.isProtected(name);
  }

  /** True if the user is blocked from editing. */
  public boolean isBlocked(String username) {
    return store.isBlocked(username);
  }

  /**
   * Renames a page (with its sub-pages if asked), leaving redirects; see {@link WikiStore#move}.
   * {@code actor} must not be blocked, and must be an admin if the page (or a sub-page moved) is
   * protected. The move's author is the actor.
   *
   * @throws PermissionDeniedException if the actor may not move it
   * @throws MoveConflictException if the page is missing or a target name is taken
   */
  public List<MovedPage> move(User actor, PageName from, PageName to, boolean withSubpages,
      String comment) {
    return move(actor, from, to, withSubpages, comment, 0);
  }

  /**
   * {@link #move(User, PageName, PageName, boolean, String)} of the page as the actor saw it:
   * at revision {@code expectedRevision} (0: whichever it is).
   *
   * @throws MoveConflictException also if the page's latest revision is no longer
   *     {@code expectedRevision}
   */
  public List<MovedPage> move(User actor, PageName from, PageName to, boolean withSubpages,
      String comment, long expectedRevision) {
    User current = currentUser(actor);
    checkNotBlocked(current.username());
    Move move = new Move(from, to, withSubpages, current.username(), comment, expectedRevision);
    if (!current.isAdmin()) {
      if (store.isProtected(from)) {
        throw new PermissionDeniedException(
            "page '" + from + "' is protected: only admins may move it");
      }
      if (withSubpages) {
        // bounded like the move itself: past the limit the store refuses it anyway
        List<PageName> subpages = store.subpages(from, null, WikiStore.MAX_MOVED_PAGES);
        if (subpages.size() >= WikiStore.MAX_MOVED_PAGES) {
          throw StoreChecks.tooManyToMove(from);
        }
        for (PageName sub : subpages) {
          if (store.isProtected(sub)) {
            throw new PermissionDeniedException(
                "sub-page '" + sub + "' is protected: only admins may move it");
          }
        }
      }
    }
    return store.move(move);
  }

  /**
   * Deletes a page into the archive (admins only); see {@link WikiStore#delete}.
   *
   * @return false if there was no such page
   * @throws PermissionDeniedException unless {@code actor} is an admin
   */
  public boolean delete(User actor, PageName name) {
    return store.delete(name, admin(actor, "delete pages").username());
  }

  /**
   * Restores a deleted page with its history (admins only); see {@link WikiStore#restore}.
   *
   * @return false if no deleted page has that name
   * @throws PermissionDeniedException unless {@code actor} is an admin
   */
  public boolean restore(User actor, PageName name) {
    return store.restore(name, admin(actor, "restore pages").username());
  }

  /** The archive of deleted pages (admins only); see {@link WikiStore#deletedPages}. */
  public List<DeletedPage> deletedPages(User actor, @Nullable PageName after, int limit) {
    admin(actor, "see deleted pages");
    return store.deletedPages(after, limit);
  }

  /**
   * Protects a page, or lifts its protection (admins only).
   *
   * @return false if there is no such page
   * @throws PermissionDeniedException unless {@code actor} is an admin
   */
  public boolean protect(User actor, PageName name, boolean protect) {
    admin(actor, "protect pages");
    return store.setProtected(name, protect);
  }

  /**
   * Blocks a user from editing, or unblocks them (admins only; an admin cannot block
   * themselves).
   *
   * @return true if this changed anything
   * @throws PermissionDeniedException unless {@code actor} is an admin
   */
  public boolean block(User actor, String username, boolean block) {
    User admin = admin(actor, "block users");
    if (block && admin.username().equalsIgnoreCase(username)) {
      throw new IllegalArgumentException("an admin cannot block themselves");
    }
    return store.setBlocked(username, block);
  }

  /** {@code actor} as the profiles know them now. */
  private User currentUser(User actor) {
    requireNonNull(actor, "actor");
    return users.findById(actor.id()).orElseThrow(() ->
        new PermissionDeniedException("user '" + actor.username() + "' no longer exists"));
  }

  private User admin(User actor, String what) {
    User current = currentUser(actor);
    if (!current.isAdmin()) {
      throw new PermissionDeniedException("only admins may " + what);
    }
    return current;
  }

  private void checkNotBlocked(String username) {
    if (store.isBlocked(username)) {
      throw new PermissionDeniedException("user '" + username + "' is blocked from editing");
    }
  }

  /** The checks of an edit of {@code page} by {@code author}. */
  private void checkMayChange(String author, PageName page) {
    checkNotBlocked(author);
    if (store.isProtected(page)
        && !users.findByName(author).map(User::isAdmin).orElse(false)) {
      throw new PermissionDeniedException(
          "page '" + page + "' is protected: only admins may edit it");
    }
  }

  /** Revisions {@code from} and {@code to} of a page, or empty if either is missing. */
  public Optional<Comparison> compare(PageName name, long from, long to) {
    Optional<Revision> a = history.revision(name, from);
    if (a.isEmpty()) {
      return Optional.empty();
    }
    return history.revision(name, to).map(b -> new Comparison(a.get(), b));
  }

  /**
   * Makes revision {@code number}'s content the page's newest revision again.
   *
   * @throws IllegalArgumentException if the page or the revision does not exist
   * @throws EditConflictException if someone saves the page concurrently
   * @throws PermissionDeniedException as {@link #edit}
   */
  public SaveResult revert(PageName name, long number, String author) {
    Page current = store.get(name).orElseThrow(() ->
        new IllegalArgumentException("page '" + name + "' does not exist"));
    return revert(name, number, current.revision(), author);
  }

  /**
   * Makes revision {@code number}'s content the newest revision again, if the page's latest
   * revision is still {@code base} (the one the reverter saw).
   *
   * @throws IllegalArgumentException if the page or the revision does not exist
   * @throws EditConflictException if the page's latest revision is not {@code base}
   * @throws PermissionDeniedException as {@link #edit}
   */
  public SaveResult revert(PageName name, long number, long base, String author) {
    Revision old = history.revision(name, number).orElseThrow(() ->
        new IllegalArgumentException("page '" + name + "' has no revision " + number));
    return edit(new Edit(name, base, old.content(), author, "Reverted to revision " + number));
  }

  /**
   * Creates an account and notifies admins.
   *
   * @throws IllegalArgumentException with the course wiki's message for a bad field
   * @throws UserExistsException if the username is taken
   */
  public User signUp(String username, String password, String email) {
    User user = users.signUp(username, password, email);
    notifySafely(new WikiEvent.UserSignedUp(user));
    return user;
  }

  /** The user if the credentials match; constant time either way. */
  public Optional<User> logIn(String username, String password) {
    return users.authenticate(username, password);
  }

  /**
   * Updates a user's own profile. A blocked user may not: a profile is shown to everyone, like a
   * page.
   *
   * @throws PermissionDeniedException if the user is blocked
   */
  public User updateProfile(long userId, ProfileUpdate update) {
    users.findById(userId).ifPresent(u -> checkNotBlocked(u.username()));
    return users.updateProfile(userId, update);
  }

  private void notifySafely(WikiEvent event) {
    try {
      notifier.notify(event);
    } catch (RuntimeException e) {
      LOG.warn("notifier failed for {}", event.getClass().getSimpleName(), e);
    }
  }

  /** Builds a {@link Wiki}. Not thread-safe. */
  public static final class Builder {
    private @Nullable WikiStore store;
    private @Nullable RevisionHistory history;
    private @Nullable UserProfiles users;
    private Notifier notifier = Notifier.NONE;

    private Builder() {}

    /** The page store (required). */
    public Builder store(WikiStore store) {
      this.store = requireNonNull(store, "store");
      return this;
    }

    /** The revision history (required; often the same object as the store). */
    public Builder history(RevisionHistory history) {
      this.history = requireNonNull(history, "history");
      return this;
    }

    /** The user accounts (required). */
    public Builder users(UserProfiles users) {
      this.users = requireNonNull(users, "users");
      return this;
    }

    /**
     * Who hears about edits and sign-ups, for stores that do not announce them themselves (the
     * in-memory ones); {@link Notifier#NONE} by default. Over a {@code JdbcWiki} that
     * {@code notifyThroughOutbox}, leave it unset: the database announces each event once.
     */
    public Builder notifier(Notifier notifier) {
      this.notifier = requireNonNull(notifier, "notifier");
      return this;
    }

    /**
     * The wiki.
     *
     * @throws IllegalStateException if the store, history or users are missing
     */
    public Wiki build() {
      checkState(store != null, "store is required");
      checkState(history != null, "history is required");
      checkState(users != null, "users is required");
      return new Wiki(this);
    }
  }

}
