package org.wikicache.cache;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.wikicache.core.UserProfiles;
import org.wikicache.core.WikiStore;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.xmemcached.XmemcachedClient;

/**
 * One "server" of a fault test: a database handle, a memcache client of its own (so that its link
 * can be cut alone) and a caching layer over them. Two nodes in one JVM share nothing but the
 * database and memcached, as two processes would.
 */
final class Node implements AutoCloseable {
  final String name;
  final JdbcWiki db;
  final MemcacheClient client;
  final CachingStores caching;
  final WikiStore store;
  final UserProfiles users;
  final PageViews views;

  private Node(String name, JdbcWiki db, MemcacheClient client, CachingStores caching) {
    this.name = name;
    this.db = db;
    this.client = client;
    this.caching = caching;
    this.store = caching.store(db.store());
    this.users = caching.users(db.users());
    this.views = caching.pageViews(store, users, content -> "<p>" + content + "</p>", 10);
  }

  /** A node over {@code db} whose client talks to {@code servers} ("host:port,..."). */
  static Node start(String name, JdbcWiki db, String servers,
      UnaryOperator<CachingStores.Builder> options) {
    MemcacheClient client = XmemcachedClient.newBuilder().servers(servers)
        .operationTimeout(Duration.ofMillis(300))
        .reconnectInterval(Duration.ofMillis(200))
        .build();
    try {
      return new Node(name, db, client,
          options.apply(CachingStores.newBuilder(client).breaker(2, Duration.ofMillis(200)))
              .build());
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  static Node start(String name, JdbcWiki db, String servers) {
    return start(name, db, servers, b -> b);
  }

  @Override
  public void close() {
    caching.close();
    client.close();
  }

  @Override
  public String toString() {
    return name;
  }
}
