package org.wikicache.jdbc;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.wikicache.core.AccountPolicy;
import org.wikicache.core.ChangeLog;
import org.wikicache.core.ChangeLogged;
import org.wikicache.core.LagAware;
import org.wikicache.core.PasswordHasher;
import org.wikicache.core.ProfileUpdate;
import org.wikicache.core.Role;
import org.wikicache.core.User;
import org.wikicache.core.UserExistsException;
import org.wikicache.core.UserProfiles;
import org.wikicache.core.WikiStore;
import org.wikicache.jdbc.ReplicaReads.Target;

/**
 * The {@link UserProfiles} of a {@link JdbcWiki}, in the {@code users} table.
 *
 * <p>Thread-safe. Usernames are unique case-insensitively through a unique index on
 * {@code username_key} (the lower-cased name), so two racing sign-ups of "Ada" and "ada" cannot
 * both succeed. Passwords are hashed with the configured {@link PasswordHasher} outside any
 * transaction; {@link #authenticate} spends one hash verification whether or not the user exists.
 * The sign-up transaction makes the account {@link Role#ADMIN} when no other account exists (a
 * unique mark on the first account settles two sign-ups racing on an empty table), and (once
 * {@link JdbcWiki#notifyThroughOutbox} was called) writes a {@code USER_SIGNED_UP} outbox row.
 *
 * <pre>{@code
 * JdbcUserProfiles users = db.users();
 * User ada = users.signUp("ada", "correct horse", "ada@example.org");
 * users.authenticate("ADA", "correct horse");   // Optional[ada]
 * }</pre>
 */
public final class JdbcUserProfiles implements UserProfiles, ChangeLogged, LagAware {
  /** The longest username stored (the column's width); longer names never match. */
  static final int MAX_USERNAME_LENGTH = 255;

  private static final String SELECT_USER = "SELECT " + Rows.USER_COLUMNS + " FROM users u";

  private final Database db;
  private final JdbcChangeLog changeLog;
  private final AccountPolicy policy;
  private final PasswordHasher hasher;
  private final ReplicaReads replicas;

  JdbcUserProfiles(Database db, JdbcChangeLog changeLog, AccountPolicy policy,
      PasswordHasher hasher, ReplicaReads replicas) {
    this.replicas = replicas;
    this.db = db;
    this.changeLog = changeLog;
    this.policy = policy;
    this.hasher = hasher;
  }

  @Override
  public User signUp(String username, String password, String email) {
    policy.checkUsername(username);
    policy.checkPassword(password);
    AccountPolicy.checkEmail(email);
    checkArgument(storable(username), "That's not a valid username.");
    String hash = hasher.hash(password);
    try {
      return changeLog.write((h, log) -> signUpIn(h, log, username, email, hash, true));
    } catch (LostFirstAccountRace race) {
      return changeLog.write((h, log) -> signUpIn(h, log, username, email, hash, false));
    }
  }

  /** Another sign-up took the first account's mark while this one also saw an empty table. */
  private static final class LostFirstAccountRace extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LostFirstAccountRace() {
      super(null, null, false, false);
    }
  }

  private User signUpIn(Handle h, JdbcChangeLog.Appender log, String username, String email,
      String hash, boolean mayBeFirst) {
    Instant now = db.now();
    boolean first = mayBeFirst && h.createQuery("SELECT id FROM users ORDER BY id LIMIT 1")
        .mapTo(Long.class)
        .findOne()
        .isEmpty();
    Set<Role> roles = first ? EnumSet.of(Role.ADMIN) : EnumSet.noneOf(Role.class);
    long id;
    try {
      id = h.createUpdate("INSERT INTO users (username, username_key, email, display_name, bio,"
              + " roles, is_admin, password_hash, created_at, first_account) VALUES (:username,"
              + " :key, :email, '', '', :roles, :admin, :hash, :created, :first)")
          .bind("username", username)
          .bind("key", key(username))
          .bind("email", email)
          .bind("roles", Rows.roles(roles))
          .bind("admin", first)
          .bind("hash", hash)
          .bind("created", Database.micros(now))
          .bind("first", first ? Boolean.TRUE : null)
          .executeAndReturnGeneratedKeys(db.kind == DatabaseKind.H2 ? "ID" : "id")
          .mapTo(Long.class)
          .one();
    } catch (JdbiException e) {
      if (Database.isDuplicateKey(e)) {
        // The first-account mark or the username: a second try, as an ordinary account, says.
        throw first ? new LostFirstAccountRace() : new UserExistsException(username);
      }
      throw e;
    }
    if (db.writesOutbox()) {
      h.createUpdate("INSERT INTO notification_outbox (kind, page_name, revision_number, user_id,"
              + " created_at, attempts, next_attempt_at) VALUES ('USER_SIGNED_UP', NULL, NULL,"
              + " :id, :now, 0, :now)")
          .bind("id", id)
          .bind("now", Database.micros(now))
          .execute();
    }
    log.append(List.of(ChangeLog.Change.user(id), ChangeLog.Change.username(username)));
    return new User(id, username, email, "", "", roles, now);
  }

  @Override
  public Optional<User> authenticate(String username, String password) {
    requireNonNull(password, "password");
    Optional<Account> account = username == null || !storable(username)
        ? Optional.empty()
        : db.read(h -> h.createQuery("SELECT " + Rows.USER_COLUMNS + ", u.password_hash"
                + " FROM users u WHERE u.username_key = :key")
            .bind("key", key(username))
            .map((rs, ctx) -> new Account(Rows.user(rs), rs.getString("password_hash")))
            .findOne());
    if (account.isEmpty()) {
      hasher.verifyNothing(password);  // the same time as a real check: no username probing
      return Optional.empty();
    }
    return hasher.verify(password, account.get().passwordHash())
        ? Optional.of(account.get().user()) : Optional.empty();
  }

  @Override
  public Optional<User> findByName(String username) {
    requireNonNull(username, "username");
    if (!storable(username)) {
      return Optional.empty();
    }
    return replicas.read(Target.username(username), h -> h.createQuery(SELECT_USER
            + " WHERE u.username_key = :key")
        .bind("key", key(username))
        .map((rs, ctx) -> Rows.user(rs))
        .findOne());
  }

  @Override
  public Optional<User> findById(long id) {
    return replicas.read(Target.user(id), h -> h.createQuery(SELECT_USER + " WHERE u.id = :id")
        .bind("id", id)
        .map((rs, ctx) -> Rows.user(rs))
        .findOne());
  }

  @Override
  public User updateProfile(long id, ProfileUpdate update) {
    requireNonNull(update, "update");
    AccountPolicy.checkEmail(update.email());
    return changeLog.write((h, log) -> {
      int updated = h.createUpdate("UPDATE users SET email = :email, display_name = :display,"
              + " bio = :bio WHERE id = :id")
          .bind("email", update.email())
          .bind("display", update.displayName())
          .bind("bio", update.bio())
          .bind("id", id)
          .execute();
      checkArgument(updated == 1, "no user has id %s", id);
      User user = h.createQuery(SELECT_USER + " WHERE u.id = :id")
          .bind("id", id)
          .map((rs, ctx) -> Rows.user(rs))
          .one();
      log.append(List.of(ChangeLog.Change.user(id), ChangeLog.Change.username(user.username())));
      return user;
    });
  }

  @Override
  public List<User> admins() {
    return db.read(h -> h.createQuery(SELECT_USER + " WHERE u.is_admin = :admin ORDER BY u.id"
            + " LIMIT :limit")
        .bind("admin", true)
        .bind("limit", WikiStore.MAX_LIMIT)
        .map((rs, ctx) -> Rows.user(rs))
        .list());
  }

  @Override
  public ChangeLog changeLog() {
    return changeLog;
  }

  /**
   * As {@link JdbcWikiStore#lagSafe}: the profile reads {@code read} makes in the calling thread
   * use a replica only if it has replayed the latest logged change of that profile.
   */
  @Override
  public <T> T lagSafe(Supplier<T> read) {
    return replicas.lagSafe(read);
  }

  /** The number of SQL statements this database has run (the store's included). */
  public long queryCount() {
    return db.queryCount();
  }

  private static String key(String username) {
    return username.toLowerCase(Locale.ROOT);
  }

  /**
   * True if the database can hold {@code username}: its key (lower-cased, which can lengthen
   * it) fits the column, and it has no NUL, which PostgreSQL's text cannot hold. Other names
   * are never stored, so they never match.
   */
  private static boolean storable(String username) {
    return username.length() <= MAX_USERNAME_LENGTH && key(username).length() <= MAX_USERNAME_LENGTH
        && username.indexOf('\0') < 0;
  }

  private record Account(User user, String passwordHash) {}
}
