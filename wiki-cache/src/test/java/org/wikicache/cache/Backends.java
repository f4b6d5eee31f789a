package org.wikicache.cache;

import java.time.Duration;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.xmemcached.XmemcachedClient;
import org.wikicache.testing.MemcachedProcess;

/** The memcache clients the caching tests run on; one shared memcached process per test JVM. */
final class Backends {
  private Backends() {}

  private static final class Shared {
    static final MemcachedProcess MEMCACHED = MemcachedProcess.start();
  }

  /** The in-memory client, or a client of the shared real memcached, flushed first. */
  static MemcacheClient client(boolean memcached) {
    if (!memcached) {
      return InMemoryMemcacheClient.newBuilder().build();
    }
    MemcacheClient client = memcachedClient();
    client.flushAll();
    return client;
  }

  /** Another client of the shared real memcached, as a second process would have; no flush. */
  static MemcacheClient memcachedClient() {
    return XmemcachedClient.newBuilder()
        .servers(Shared.MEMCACHED.address())
        .operationTimeout(Duration.ofSeconds(2))
        .build();
  }
}
