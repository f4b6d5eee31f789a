package org.wikicache.examples;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wikicache.cache.CachingStats;
import org.wikicache.cache.RelayStats;
import org.wikicache.cache.CachingStores;
import org.wikicache.cache.Codecs;
import org.wikicache.cache.EntityKind;
import org.wikicache.cache.KindStats;
import org.wikicache.core.AccountPolicy;
import org.wikicache.core.InMemorySessionStore;
import org.wikicache.core.InMemoryUserProfiles;
import org.wikicache.core.InMemoryWikiStore;
import org.wikicache.core.LoggingNotifier;
import org.wikicache.core.Notifier;
import org.wikicache.core.PageName;
import org.wikicache.core.RevisionHistory;
import org.wikicache.core.SessionStore;
import org.wikicache.core.UserProfiles;
import org.wikicache.core.Wiki;
import org.wikicache.core.WikiStore;
import org.wikicache.email.EmailNotifier;
import org.wikicache.examples.web.SigningKey;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.jdbc.ReplicaStats;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.memcache.CacheStats;
import org.wikicache.memcache.CacheUnavailableException;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.xmemcached.XmemcachedClient;

/**
 * The wiring of the server's storage: which store, which cache, which notifier, put together
 * from a {@link WikiServerConfig}. Everything the server shows about its backend (names for the
 * start-up line, counts for the stats page) comes from here, so swapping the store or the cache
 * is a change to this class only.
 *
 * <p>The layers, bottom up: the store (H2, PostgreSQL/MariaDB, or in memory); a
 * {@link StoreMeter} that counts what reaches it; the caching decorators over a memcache client;
 * the {@link Wiki}. With a database, notifications go through its outbox
 * ({@link JdbcWiki#notifyThroughOutbox}), so a slow mail server never slows an edit and each
 * event is announced once; only the in-memory store makes the {@code Wiki} announce them.
 *
 * <p>Thread-safe once opened.
 */
final class Backend implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Backend.class);

  private final Wiki wiki;
  private final String storeName;
  private final String cacheName;
  private final String mailName;
  private final StoreMeter meter;
  private final @Nullable LongSupplier dbQueries;
  private final @Nullable CachingStores caching;
  private final List<AutoCloseable> closeables;
  private final List<Runnable> background;
  private final SessionStore sessions;
  private final LongSupplier sessionCount;
  private final SigningKey signingKey;
  private boolean started;
  private boolean closed;
  private volatile @Nullable JdbcWiki database;

  private Backend(Wiki wiki, String storeName, String cacheName, String mailName,
      StoreMeter meter, @Nullable LongSupplier dbQueries, @Nullable CachingStores caching,
      List<AutoCloseable> closeables, List<Runnable> background, SessionStore sessions,
      LongSupplier sessionCount, SigningKey signingKey) {
    this.wiki = wiki;
    this.sessions = sessions;
    this.sessionCount = sessionCount;
    this.signingKey = signingKey;
    this.storeName = storeName;
    this.cacheName = cacheName;
    this.mailName = mailName;
    this.meter = meter;
    this.dbQueries = dbQueries;
    this.caching = caching;
    this.closeables = closeables;
    this.background = background;
  }

  /**
   * Starts the background work the first page does not need (the outbox dispatcher that mails
   * admins), once; does nothing after {@link #close}. The server calls it shortly after it starts
   * serving, so that start-up does not wait for it.
   */
  synchronized void startBackgroundWork() {
    if (started || closed) {
      return;
    }
    started = true;
    background.forEach(Runnable::run);
  }

  /**
   * Opens the store, cache and notifier the configuration asks for.
   *
   * @throws IllegalStateException if the configuration asks for something unavailable
   * @throws org.wikicache.core.StoreUnavailableException if the database cannot be reached
   */
  static Backend open(WikiServerConfig config) {
    requireNonNull(config, "config");
    List<AutoCloseable> closeables = new ArrayList<>();
    List<Runnable> background = new ArrayList<>();
    try {

      // the store, and a meter right above it
      StoreMeter meter;
      WikiStore store;
      RevisionHistory history;
      UserProfiles users;
      String storeName;
      LongSupplier dbQueries = null;
      JdbcWiki database = null;
      SessionStore sessions;
      LongSupplier sessionCount;
      SigningKey signingKey;
      if (config.inMemory()) {
        InMemorySessionStore inMemorySessions = new InMemorySessionStore(Clock.systemUTC());
        sessions = inMemorySessions;
        sessionCount = inMemorySessions::size;
        signingKey = config.signingKey().orElseGet(SigningKey::random);
        meter = new StoreMeter(true);
        StoreMeter.Store metered = meter.wrap(InMemoryWikiStore.create());
        store = metered;
        history = metered;
        users = meter.wrap(new InMemoryUserProfiles(
            AccountPolicy.DEFAULT, config.passwordHasher(), Clock.systemUTC()));
        storeName = "in memory (nothing is saved)";
      } else {
        JdbcWiki.Builder b = JdbcWiki.newBuilder().passwordHasher(config.passwordHasher())
            .outboxPollInterval(Duration.ofSeconds(2))
            .outboxBackoff(Duration.ofSeconds(5), Duration.ofMinutes(10));
        if (config.dbUrl().isPresent()) {
          b.url(config.dbUrl().get(), config.dbUser(), config.dbPassword());
          for (String replica : config.replicaUrls()) {
            b.replica(replica, config.replicaUser(), config.replicaPassword());
          }
        } else {
          b.h2(config.dataDir());
        }
        JdbcWiki db = b.build();
        closeables.add(db);
        meter = new StoreMeter(false);  // the database records its own queries
        StoreMeter.Store metered = meter.wrap(db.store());
        store = metered;
        history = metered;
        users = meter.wrap(db.users());
        dbQueries = db::queryCount;
        database = db;
        sessions = db.sessions();
        sessionCount = db.sessions()::count;
        // one key for every server of the database, made by the first to start
        signingKey = config.signingKey().orElseGet(
            () -> SigningKey.fromBytes(db.sharedSecret(SIGNING_KEY_NAME, SigningKey.MIN_BYTES)));
        storeName = config.dbUrl().map(u -> db.kind().toString().toLowerCase(Locale.ROOT)
            + " at " + redact(u)).orElse("H2 in " + config.dataDir().toAbsolutePath().normalize());
      }

      // mail to admins: to the log, or over SMTP; with a database, through its outbox
      Notifier notifier;
      String mailName;
      if (config.smtp().isPresent()) {
        EmailNotifier.Builder mail = EmailNotifier.newBuilder().smtp(config.smtp().get())
            .baseUrl(config.baseUrl().map(Object::toString)
                .orElse("http://localhost:" + config.port()))
            .admins(users);  // below the cache: admins are listed fresh for each mail
        config.adminEmail().ifPresent(a -> mail.extraRecipients(List.of(a)));
        notifier = mail.build();
        mailName = "SMTP " + config.smtp().get()
            + config.adminEmail().map(a -> ", also to " + a).orElse("");
      } else {
        notifier = new LoggingNotifier();
        mailName = "log";
      }
      Notifier wikiNotifier;
      if (database != null) {
        database.notifyThroughOutbox(notifier);  // stopped when the database is closed
        wikiNotifier = Notifier.NONE;  // the database announces each event once
        mailName += " (via the database outbox)";
      } else if (config.smtp().isPresent()) {
        // No outbox without a database: mail is sent from a queue, so a slow or dead mail
        // server never holds up an edit (a full queue drops and logs).
        QueuedNotifier queued = new QueuedNotifier(notifier, 100);
        closeables.add(queued);
        wikiNotifier = queued;
        mailName += " (queued in memory)";
      } else {
        wikiNotifier = notifier;
      }

      // the cache
      CachingStores caching = null;
      String cacheName;
      if (config.noCache()) {
        cacheName = "none";
      } else {
        MemcacheClient client;
        if (config.memcached().isPresent()) {
          client = XmemcachedClient.connect(config.memcached().get());
          cacheName = "memcached at " + config.memcached().get();
        } else {
          client = InMemoryMemcacheClient.newBuilder().build();
          cacheName = "in-process memcache (" + (InMemoryMemcacheClient.DEFAULT_MAXIMUM_BYTES >> 20)
              + " MiB)";
        }
        closeables.add(client);
        // The near cache is as fresh as memcache (the relay invalidates it): views of pages seen
        // before cost no memcache call and no decoding.
        caching = CachingStores.newBuilder(client)
            .nearCache(Duration.ofMinutes(10), 5_000)
            .build();
        closeables.add(caching);
        WikiStore cachedStore = caching.store(store);
        history = caching.history(history);
        store = cachedStore;
        users = caching.users(users);
        sessions = caching.sessions(sessions);
      }
      Wiki wiki = Wiki.newBuilder().store(store).history(history).users(users)
          .notifier(wikiNotifier).build();
      Backend backend = new Backend(wiki, storeName, cacheName, mailName, meter, dbQueries,
          caching, closeables, background, sessions, sessionCount, signingKey);
      backend.database = database;
      return backend;
    } catch (RuntimeException e) {
      closeAll(closeables);
      throw e;
    }
  }

  /** The wiki service. */
  Wiki wiki() {
    return wiki;
  }

  /** The memcache client the layer uses (shared counters: the login throttle); null if none. */
  @Nullable MemcacheClient cacheClient() {
    return caching == null ? null : caching.client();
  }

  /** The logged-in sessions: the database's (through the cache), or in memory. */
  SessionStore sessions() {
    return sessions;
  }

  /** The number of stored sessions (expired ones not yet purged included). */
  long sessionCount() {
    return sessionCount.getAsLong();
  }

  /**
   * The key that signs anonymous visitors' CSRF cookies and derives sessions' CSRF tokens: the
   * {@code --signing-key} option if given, else the database's shared one (made on first start,
   * the same for every server of the database), else a random one for this process.
   */
  SigningKey signingKey() {
    return signingKey;
  }

  /** The name of the signing key among the database's shared secrets. */
  static final String SIGNING_KEY_NAME = "csrf-signing-key";

  /** A short description of the store, for the start-up line and the stats page. */
  String storeName() {
    return storeName;
  }

  /** A short description of the cache. */
  String cacheName() {
    return cacheName;
  }

  /** Where mail to admins goes. */
  String mailName() {
    return mailName;
  }

  /** Calls that reached the store, by kind. */
  StoreMeter meter() {
    return meter;
  }

  /** How many replicas the store finds usable now (0 without any). */
  int healthyReplicas() {
    JdbcWiki db = database;
    return db == null ? 0 : db.replicaStats().healthy();
  }

  /** True if the store reads replicas: then read-your-writes positions are worth keeping. */
  boolean readsReplicas() {
    JdbcWiki db = database;
    return db != null && db.replicaStats().replicas() > 0;
  }

  /** The replicas' figures (reads, fills allowed and refused for lag), empty without any. */
  List<Figure> replicaFigures() {
    List<Figure> out = new ArrayList<>();
    JdbcWiki db = database;
    if (db == null || db.replicaStats().replicas() == 0) {
      return out;
    }
    ReplicaStats s = db.replicaStats();
    out.add(new Figure("replicas usable / configured", s.healthy() + " / " + s.replicas()));
    out.add(new Figure("reads from replicas / from the primary instead",
        s.replicaReads() + " / " + s.primaryReads()));
    out.add(new Figure("cache fills allowed / refused for replica lag",
        s.fillsAllowed() + " / " + s.fillsRefused()));
    out.add(new Figure("hold-off " + s.holdOff().toSeconds() + " s would refuse / would cache"
        + " stale", s.holdOffRefused() + " / " + s.holdOffStale()));
    out.add(new Figure("reads below a visitor's last write, sent to the primary",
        Long.toString(s.floorRefused())));
    out.add(new Figure("replica failures", Long.toString(s.failures())));
    return out;
  }

  /** Statements the database has run since start, or -1 without a database. */
  long databaseQueries() {
    return dbQueries == null ? -1 : dbQueries.getAsLong();
  }

  /**
   * The HTML of a revision: {@code render} on first use, then (with a cache) kept in the cache
   * under the page and revision, which never change.
   */
  String html(PageName page, long revision, Supplier<String> render) {
    if (caching == null) {
      return render.get();
    }
    return caching.readThrough().derived("html", page, revision, Codecs.STRING, render);
  }

  /** One kind of cached value (page, revision, user...) and its figures. */
  record KindRow(String kind, long hits, long misses, long loads, long errors, String hitRatio) {
    static KindRow of(String kind, KindStats k) {
      return new KindRow(kind, k.hits(), k.misses(), k.loads(), k.errors(),
          k.lookups() == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * k.hitRatio()));
    }
  }

  /** A named figure for the stats page. */
  record Figure(String name, String value) {}

  /** Per-kind cache figures (hits, misses, loads, hit ratio), empty without a cache. */
  List<KindRow> cacheKinds() {
    List<KindRow> rows = new ArrayList<>();
    if (caching == null) {
      return rows;
    }
    CachingStats stats = caching.stats();
    for (EntityKind kind : EntityKind.values()) {
      rows.add(KindRow.of(kind.name().toLowerCase(Locale.ROOT), stats.kind(kind)));
    }
    rows.add(KindRow.of("total", stats.total()));
    return rows;
  }

  /**
   * The memcache client's own figures and the breaker state, empty without a cache. A cache that
   * cannot be reached is a figure too ("unavailable"), not an error: the page still shows.
   */
  List<Figure> cacheFigures() {
    List<Figure> out = new ArrayList<>();
    if (caching == null) {
      return out;
    }
    try {
      CacheStats s = caching.client().getStats();
      out.add(new Figure("items", Long.toString(s.items())));
      out.add(new Figure("bytes used", Long.toString(s.bytes())));
      out.add(new Figure("memory limit (bytes)", Long.toString(s.limitBytes())));
      out.add(new Figure("evictions", Long.toString(s.evictions())));
      out.add(new Figure("server hits / misses", s.hits() + " / " + s.misses()));
    } catch (CacheUnavailableException e) {
      LOG.debug("cache statistics unavailable", e);
      out.add(new Figure("server", "unavailable (" + e.getClass().getSimpleName() + ")"));
    }
    CachingStats c = caching.stats();
    out.add(new Figure("circuit breaker",
        c.breakerOpen() ? "open (bypassing the cache)" : "closed"));
    out.add(new Figure("pending invalidations", Long.toString(c.pendingInvalidations())));
    return out;
  }

  /**
   * What the invalidation relays did (entries delivered, how soon after their commit, backlog,
   * what waiting for other servers cost writes), empty without a cache.
   */
  List<Figure> relayFigures() {
    List<Figure> out = new ArrayList<>();
    if (caching == null) {
      return out;
    }
    RelayStats r = caching.stats().relay();
    out.add(new Figure("in step (reads may use the cache)", r.inStep() ? "yes" : "no"));
    out.add(new Figure("change log entries delivered", Long.toString(r.entriesDelivered())));
    out.add(new Figure("entries replayed after an outage or at start",
        Long.toString(r.entriesReplayed())));
    out.add(new Figure("delivery latency p50 / p99", millis(r.deliveryLatencyP50()) + " / "
        + millis(r.deliveryLatencyP99())));
    out.add(new Figure("backlog (read, not yet delivered)", Long.toString(r.backlog())));
    out.add(new Figure("relays registered", Long.toString(r.registeredRelays())));
    out.add(new Figure("writes that waited for another server", r.writesThatWaited()
        + " (" + millis(r.totalWait()) + " in all, longest " + millis(r.longestWait()) + ")"));
    out.add(new Figure("writes unconfirmed after a lease", Long.toString(r.unconfirmedWrites())));
    return out;
  }

  private static String millis(java.time.Duration d) {
    return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
  }

  /** A JDBC URL without anything that looks like a password parameter. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password|pwd)=[^&;]*", "$1=***");
  }

  @Override
  public synchronized void close() {
    closed = true;
    closeAll(closeables);
  }

  private static void closeAll(List<AutoCloseable> closeables) {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", closeables.get(i), e);
      }
    }
  }
}
