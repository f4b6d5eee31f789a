package org.wikicache.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.memcache.CasValue;
import org.wikicache.memcache.CacheStats;
import org.wikicache.memcache.CacheUnavailableException;

/**
 * A client wrapper that injects faults: while {@link #down} is set, every call fails with
 * {@link CacheUnavailableException} as a dead server's would, and the data behind it survives
 * (like a server that was paused, not restarted).
 */
final class FaultyMemcacheClient implements MemcacheClient {
  private final MemcacheClient delegate;
  volatile boolean down;

  FaultyMemcacheClient(MemcacheClient delegate) {
    this.delegate = delegate;
  }

  private <T> T call(Supplier<T> op) {
    if (down) {
      throw new CacheUnavailableException("injected fault: server down", null);
    }
    return op.get();
  }

  @Override
  public boolean add(String key, byte[] value, Duration ttl) {
    return call(() -> delegate.add(key, value, ttl));
  }

  @Override
  public boolean set(String key, byte[] value, Duration ttl) {
    return call(() -> delegate.set(key, value, ttl));
  }

  @Override
  public boolean replace(String key, byte[] value, Duration ttl) {
    return call(() -> delegate.replace(key, value, ttl));
  }

  @Override
  public boolean cas(String key, byte[] value, long casId, Duration ttl) {
    return call(() -> delegate.cas(key, value, casId, ttl));
  }

  @Override
  public Set<String> setMulti(Map<String, byte[]> values, Duration ttl) {
    return call(() -> delegate.setMulti(values, ttl));
  }

  @Override
  public byte[] get(String key) {
    return call(() -> delegate.get(key));
  }

  @Override
  public CasValue gets(String key) {
    return call(() -> delegate.gets(key));
  }

  @Override
  public Map<String, byte[]> getMulti(Collection<String> keys) {
    return call(() -> delegate.getMulti(keys));
  }

  @Override
  public boolean delete(String key) {
    return call(() -> delegate.delete(key));
  }

  @Override
  public Set<String> deleteMulti(Collection<String> keys) {
    return call(() -> delegate.deleteMulti(keys));
  }

  @Override
  public OptionalLong incr(String key, long delta) {
    return call(() -> delegate.incr(key, delta));
  }

  @Override
  public OptionalLong decr(String key, long delta) {
    return call(() -> delegate.decr(key, delta));
  }

  @Override
  public boolean touch(String key, Duration ttl) {
    return call(() -> delegate.touch(key, ttl));
  }

  @Override
  public void flushAll() {
    call(() -> {
      delegate.flushAll();
      return null;
    });
  }

  @Override
  public CacheStats getStats() {
    return call(delegate::getStats);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
