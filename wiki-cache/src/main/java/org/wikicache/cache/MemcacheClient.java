package org.wikicache.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/** Temporary copy of the fixed API (replaced by the memcache branch at merge). */
public interface MemcacheClient extends AutoCloseable {
  boolean add(String key, byte[] value, Duration ttl);
  boolean set(String key, byte[] value, Duration ttl);
  boolean replace(String key, byte[] value, Duration ttl);
  boolean cas(String key, byte[] value, long casId, Duration ttl);
  Set<String> setMulti(Map<String, byte[]> values, Duration ttl);
  byte[] get(String key);
  CasValue gets(String key);
  Map<String, byte[]> getMulti(Collection<String> keys);
  boolean delete(String key);
  Set<String> deleteMulti(Collection<String> keys);
  OptionalLong incr(String key, long delta);
  OptionalLong decr(String key, long delta);
  boolean touch(String key, Duration ttl);
  void flushAll();
  CacheStats getStats();
  @Override void close();
}
