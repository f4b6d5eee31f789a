package org.wikicache.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.wikicache.cache.CachingStores;
import org.wikicache.cache.EntityKind;
import org.wikicache.core.LoggingNotifier;
import org.wikicache.core.PageName;
import org.wikicache.core.StoreConfigurationException;
import org.wikicache.core.StoreUnavailableException;
import org.wikicache.core.Wiki;
import org.wikicache.core.WikiStore;
import org.wikicache.email.EmailNotifier;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.xmemcached.XmemcachedClient;

/**
 * Every Java snippet of the README, verbatim and in the README's order, each between a
 * {@code // README snippet {} line and a {@code // }} line (ReadmeInSyncTest compares them).
 * The code around the snippets gives them the variables they use and hands back what they make.
 */
public final class ReadmeSnippets {
  private ReadmeSnippets() {}

  /** What the first snippet opens; close it when done. */
  public record FewLines(JdbcWiki db, MemcacheClient cache, CachingStores caching, Wiki wiki)
      implements AutoCloseable {
    @Override
    public void close() {
      caching.close();
      cache.close();
      db.close();
    }
  }

  /** "In a few lines": H2 in ./data/wiki, memcached at {@code memcachedServers}. */
  public static FewLines inAFewLines(String memcachedServers) {
    // README snippet {
    JdbcWiki db = JdbcWiki.h2(Path.of("data/wiki"));                    // or JdbcWiki.connect(url, user, password)
    MemcacheClient cache = XmemcachedClient.connect(memcachedServers);  // "10.0.0.5:11211,10.0.0.6:11211"; or InMemoryMemcacheClient.create()
    CachingStores caching = CachingStores.over(cache);
    Wiki wiki = Wiki.newBuilder().store(caching.store(db.store())).history(caching.history(db.store()))
        .users(caching.users(db.users())).build();
    db.notifyThroughOutbox(new LoggingNotifier());                      // every edit and sign-up, once
    // }
    return new FewLines(db, cache, caching, wiki);
  }

  /** The store in one line; compiled, not run (it needs servers with a user "wiki"). */
  public static List<JdbcWiki> storeInOneLine(String password) {
    // README snippet {
    JdbcWiki embedded = JdbcWiki.h2(Path.of("data/wiki"));                                // embedded H2 file
    JdbcWiki postgres = JdbcWiki.connect("jdbc:postgresql://127.0.0.1:5432/wiki", "wiki", password);
    JdbcWiki mariadb = JdbcWiki.connect("jdbc:mariadb://127.0.0.1:3306/wiki", "wiki", password);
    // }
    return List.of(embedded, postgres, mariadb);
  }

  /** Settings mistakes and outages: prints what went wrong instead of throwing. */
  public static void failures(String url, String user, String password) {
    // README snippet {
    try (JdbcWiki db = JdbcWiki.connect(url, user, password)) {
      db.store().get(PageName.of("Main"));
    } catch (StoreConfigurationException e) {  // bad URL, unknown host, credentials, missing database or driver, failed migration
      System.err.println("fix the database settings: " + e.getMessage());
    } catch (StoreUnavailableException e) {    // down, refusing connections, too busy: try again later
      System.err.println("the database is unavailable: " + e.getMessage());
    }
    // }
  }

  /** The in-process client; returns what it read back. */
  public static byte[] localClient() {
    // README snippet {
    MemcacheClient local = InMemoryMemcacheClient.newBuilder()
        .maximumBytes(64L << 20)            // like memcached -m 64
        .build();
    local.set("greeting", "hello".getBytes(UTF_8), Duration.ofMinutes(5));
    byte[] hello = local.get("greeting");
    // }
    local.close();
    return hello;
  }

  /** A client of real memcached servers; the caller closes it. */
  public static Map<String, byte[]> remoteClient(String memcachedServers,
      List<MemcacheClient> opened) {
    // README snippet {
    MemcacheClient remote = XmemcachedClient.newBuilder()
        .servers(memcachedServers)                  // "10.0.0.5:11211,10.0.0.6:11211": Ketama consistent hashing
        .operationTimeout(Duration.ofMillis(500))
        .build();
    Map<String, byte[]> hits = remote.getMulti(List.of("a", "b", "c"));   // one round trip per server
    // }
    opened.add(remote);
    return hits;
  }

  /** The caching layer over {@code remote} and {@code db}; returns the decorated store. */
  public static WikiStore cachingLayer(MemcacheClient remote, JdbcWiki db,
      List<AutoCloseable> opened) {
    // README snippet {
    CachingStores caching = CachingStores.newBuilder(remote)
        .namespace("wiki")                           // one per wiki sharing a memcached
        .nearCache(Duration.ofMinutes(5), 10_000)    // optional: decoded values in process
        .build();
    WikiStore pages = caching.store(db.store());     // relays db's change log from now on
    caching.stats().kind(EntityKind.PAGE).hitRatio();
    caching.stats().relay().deliveryLatencyP99();    // how soon other processes' edits arrive
    // }
    opened.add(caching);
    return pages;
  }

  /** Mail to admins; compiled, not run (it needs a STARTTLS server at smtp.example.org). */
  public static void mail(JdbcWiki db, String secret) {
    // README snippet {
    EmailNotifier mail = EmailNotifier.newBuilder()
        .smtp("smtp.example.org", 587).startTls(true).authentication("wiki", secret)
        .from("Wiki <wiki@example.org>").baseUrl("https://wiki.example.org")
        .admins(db.users())                              // every ADMIN user's address
        .extraRecipients(List.of("ops@example.org"))
        .build();
    db.notifyThroughOutbox(mail);                        // until db.close()
    // }
  }
}
