package org.wikicache.examples;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wikicache.core.AccountPolicy;
import org.wikicache.core.InMemoryUserProfiles;
import org.wikicache.core.InMemoryWikiStore;
import org.wikicache.core.LoggingNotifier;
import org.wikicache.core.Notifier;
import org.wikicache.core.UserProfiles;
import org.wikicache.core.Wiki;

/**
 * The wiring of the server's storage: which store, which cache, which notifier, put together
 * from a {@link WikiServerConfig}. Everything the server shows about its backend (names for the
 * start-up line, counts for the stats page) comes from here, so swapping the store or the cache
 * is a change to this class only.
 *
 * <p>Thread-safe once opened.
 */
final class Backend implements AutoCloseable {
  private final Wiki wiki;
  private final String storeName;
  private final String cacheName;
  private final String mailName;
  private final StoreMeter meter;
  private final List<AutoCloseable> closeables;

  private Backend(Wiki wiki, String storeName, String cacheName, String mailName,
      StoreMeter meter, List<AutoCloseable> closeables) {
    this.wiki = wiki;
    this.storeName = storeName;
    this.cacheName = cacheName;
    this.mailName = mailName;
    this.meter = meter;
    this.closeables = closeables;
  }

  /**
   * Opens the store, cache and notifier the configuration asks for.
   *
   * @throws IllegalStateException if the configuration asks for something unavailable
   */
  static Backend open(WikiServerConfig config) {
    requireNonNull(config, "config");
    List<AutoCloseable> closeables = new ArrayList<>();
    if (config.dbUrl().isPresent() || config.memcached().isPresent()
        || config.smtp().isPresent()) {
      throw new IllegalStateException(
          "--db-url, --memcached and --smtp need wiki-jdbc, wiki-cache and wiki-email,"
              + " which this build does not include yet");
    }
    StoreMeter meter = new StoreMeter(true);
    InMemoryWikiStore raw = InMemoryWikiStore.create();
    StoreMeter.Store store = meter.wrap(raw);
    UserProfiles users = meter.wrap(new InMemoryUserProfiles(
        AccountPolicy.DEFAULT, config.passwordHasher(), Clock.systemUTC()));
    Notifier notifier = new LoggingNotifier();
    Wiki wiki = Wiki.newBuilder().store(store).history(store).users(users)
        .notifier(notifier).build();
    return new Backend(wiki, "in-memory (nothing is saved)", "none", "log", meter, closeables);
  }

  /** The wiki service. */
  Wiki wiki() {
    return wiki;
  }

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

  /** Cache statistics for the stats page, by name; empty without a cache. */
  Map<String, Object> cacheStats() {
    return new LinkedHashMap<>();
  }

  @Override
  public void close() {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(Backend.class).warn("closing {} failed",
            closeables.get(i), e);
      }
    }
  }
}
