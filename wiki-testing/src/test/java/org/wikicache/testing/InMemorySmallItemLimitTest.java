package org.wikicache.testing;

import java.time.Duration;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.memcache.MemcacheClient;

/**
 * The whole memcache contract again, on an {@link InMemoryMemcacheClient} with a 64 KiB item
 * limit: every size rule of the contract follows {@link #itemSizeMax()}, so a limit other than
 * memcached's default holds exactly too. Time is real (the client's default clock).
 */
class InMemorySmallItemLimitTest extends MemcacheClientContract {

  private static final int LIMIT = 64 << 10;

  @Override
  protected MemcacheClient newClient() {
    return InMemoryMemcacheClient.newBuilder().maxValueBytes(LIMIT).build();
  }

  @Override
  protected int itemSizeMax() {
    return LIMIT;
  }

  @Override
  protected void advanceTime(Duration duration) {
    sleep(duration);
  }
}
