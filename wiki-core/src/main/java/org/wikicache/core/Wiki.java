package org.wikicache.core;

import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiki's use cases on top of its storage interfaces: view, edit, history, compare, revert,
 * sign up, log in, update a profile, and notify admins of edits and sign-ups.
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
   * Saves an edit and, if it made a new revision, notifies admins.
   *
   * @throws EditConflictException if someone saved since the edit's base revision
   */
  public SaveResult edit(Edit edit) {
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
   */
  public SaveResult revert(PageName name, long number, String author) {
    Revision old = history.revision(name, number).orElseThrow(() ->
        new IllegalArgumentException("page '" + name + "' has no revision " + number));
    Page current = store.get(name).orElseThrow(() ->
        new IllegalArgumentException("page '" + name + "' does not exist"));
    return edit(new Edit(name, current.revision(), old.content(), author,
        "Reverted to revision " + number));
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

  /** Updates a user's own profile. */
  public User updateProfile(long userId, ProfileUpdate update) {
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
