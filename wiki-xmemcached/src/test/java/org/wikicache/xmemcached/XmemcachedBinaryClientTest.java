package org.wikicache.xmemcached;

import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.testing.MemcachedProcess;
import org.wikicache.testing.MemcacheClientContract;

/** Runs the memcache contract against {@link XmemcachedClient} and a real memcached (binary protocol). */
class XmemcachedBinaryClientTest extends MemcacheClientContract {

  @RegisterExtension static final MemcachedProcess memcached = MemcachedProcess.extension();

  @Override
  protected MemcacheClient newClient() {
    return XmemcachedClient.newBuilder()
        .servers(memcached.address())
        .operationTimeout(Duration.ofSeconds(5))
        .protocol(XmemcachedClient.Protocol.BINARY)
        .build();
  }

  @Override
  protected void advanceTime(Duration duration) {
    sleep(duration);
  }

  @Override
  protected int incrementsPerThread() {
    return 2_000;
  }
}
