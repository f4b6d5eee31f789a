package org.wikicache.memcache;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The memcache API: the commands of memcached 1.6 (see its {@code protocol.txt}), in Java.
 *
 * <p>Every implementation behaves like a real memcached server for every call; the abstract
 * {@code MemcacheClientContract} test runs against each of them.
 *
 * <p>Rules shared by all methods:
 * <ul>
 *   <li><b>Keys</b> are 1–250 bytes of UTF-8 without whitespace or control characters; a bad key
 *       throws {@link IllegalArgumentException} before any I/O.
 *   <li><b>Values</b> are raw bytes, never serialized objects. A value too large for one item
 *       (1 MiB by default, memcached's {@code -I}, including memcached's per-item overhead) is
 *       not stored and the store call returns {@code false}; there is never a partial write.
 *   <li><b>TTL</b>: {@link Duration#ZERO} means no expiry; memcached counts whole seconds, so a
 *       fractional TTL is rounded <em>up</em> to the next second; TTLs over 30 days work too; a
 *       negative TTL throws {@link IllegalArgumentException}.
 *   <li><b>Cache unavailable</b> (server down, timeout, interrupted): network implementations
 *       throw {@link CacheUnavailableException}; in-process ones never do.
 * </ul>
 *
 * <p><b>Thread safety:</b> implementations are safe for concurrent use by many threads; every
 * single-key operation is atomic, as it is on a memcached server.
 *
 * <pre>{@code
 * try (MemcacheClient cache = XmemcachedClient.connect("127.0.0.1:11211")) {
 *   cache.set("greeting", "hello".getBytes(UTF_8), Duration.ofMinutes(5));
 *   byte[] hit = cache.get("greeting");               // null on a miss
 *   CasValue v = cache.gets("greeting");
 *   cache.cas("greeting", "hi".getBytes(UTF_8), v.casId(), Duration.ZERO);
 * }
 * }</pre>
 */
public interface MemcacheClient extends AutoCloseable {

  /**
   * Stores {@code value} under {@code key} only if the key holds no live item (memcached
   * {@code add}).
   *
   * @param key a valid memcache key
   * @param value the bytes to store
   * @param ttl time to live; {@link Duration#ZERO} for no expiry
   * @return {@code true} if stored; {@code false} if the key exists or the value is too large
   * @throws IllegalArgumentException on a bad key or a negative TTL
   * @throws NullPointerException if an argument is null
   * @throws CacheUnavailableException if the server cannot be reached in time
   */
  boolean add(String key, byte[] value, Duration ttl);      // store only if absent

  /**
   * Stores {@code value} under {@code key} unconditionally (memcached {@code set}).
   *
   * @param key a valid memcache key
   * @param value the bytes to store
   * @param ttl time to live; {@link Duration#ZERO} for no expiry
   * @return {@code true} if stored; {@code false} if the value is too large (any previous value
   *     of the key is then removed, as memcached does)
   * @throws IllegalArgumentException on a bad key or a negative TTL
   * @throws NullPointerException if an argument is null
   * @throws CacheUnavailableException if the server cannot be reached in time
   */
  boolean set(String key, byte[] value, Duration ttl);      // store always

  /**
   * Stores {@code value} under {@code key} only if the key holds a live item (memcached
   * {@code replace}).
   *
   * @param key a valid memcache key
   * @param value the bytes to store
   * @param ttl time to live; {@link Duration#ZERO} for no expiry
   * @return {@code true} if stored; {@code false} if the key is absent or the value too large
   * @throws IllegalArgumentException on a bad key or a negative TTL
   * @throws NullPointerException if an argument is null
   * @throws CacheUnavailableException if the server cannot be reached in time
   */
  boolean replace(String key, byte[] value, Duration ttl);  // store only if present

  /**
   * Stores {@code value} only if the item is unchanged since {@link #gets} returned
   * {@code casId} (memcached {@code cas}).
   *
   * @param key a valid memcache key
   * @param value the bytes to store
   * @param casId the CAS id from {@link CasValue#casId()}
   * @param ttl time to live; {@link Duration#ZERO} for no expiry
   * @return {@code true} if stored; {@code false} if the item changed, is absent, or the value
   *     is too large
   * @throws IllegalArgumentException on a bad key or a negative TTL
   * @throws NullPointerException if an argument is null
   * @throws CacheUnavailableException if the server cannot be reached in time
   */
  boolean cas(String key, byte[] value, long casId, Duration ttl); // store only if unchanged since gets()

  /**
   * Sets every entry of {@code values}, as {@link #set} would, with one TTL.
   *
   * @param values keys and the bytes to store under them
   * @param ttl time to live; {@link Duration#ZERO} for no expiry
   * @return the keys that were <em>not</em> stored (empty when all were stored)
   * @throws IllegalArgumentException on any bad key (checked for all keys before any I/O) or a
   *     negative TTL
   * @throws NullPointerException if an argument, key or value is null
   * @throws CacheUnavailableException if a server cannot be reached in time
   */
  Set<String> setMulti(Map<String, byte[]> values, Duration ttl);  // returns the keys NOT stored

  /**
   * Returns the value stored under {@code key} (memcached {@code get}).
   *
   * @param key a valid memcache key
   * @return the value, or {@code null} on a miss
   * @throws IllegalArgumentException on a bad key
   * @throws NullPointerException if {@code key} is null
   * @throws CacheUnavailableException if the server cannot be reached in time
   */
  byte @Nullable [] get(String key);                        // null on a miss

  /**
   * Returns the value and CAS id stored under {@code key} (memcached {@code gets}).
   *
   * @param key a valid memcache key
   * @return the value and its CAS id, or {@code null} on a miss
   * @throws IllegalArgumentException on a bad key
   * @throws NullPointerException if {@code key} is null
   * @throws CacheUnavailableException if the server cannot be reached in time
   */
  @Nullable CasValue gets(String key);                      // null on a miss; record CasValue(byte[] value, long casId)

  /**
   * Returns the values of several keys in one round trip per server.
   *
   * @param keys valid memcache keys; duplicates are looked up once
   * @return the hits only, keyed by key (an unmodifiable map)
   * @throws IllegalArgumentException on any bad key (checked before any I/O)
   * @throws NullPointerException if {@code keys} or a key is null
   * @throws CacheUnavailableException if a server cannot be reached in time
   */
  Map<String, byte[]> getMulti(Collection<String> keys);    // hits only, one round trip per server

  /**
   * Removes the item stored under {@code key} (memcached {@code delete}).
   *
   * @param key a valid memcache key
   * @return {@code true} if a live item existed
   * @throws IllegalArgumentException on a bad key
   * @throws NullPointerException if {@code key} is null
   * @throws CacheUnavailableException if the server cannot be reached in time
   */
  boolean delete(String key);                               // true if it existed

  /**
   * Deletes several keys, as {@link #delete} would.
   *
   * @param keys valid memcache keys
   * @return the keys that existed
   * @throws IllegalArgumentException on any bad key (checked before any I/O)
   * @throws NullPointerException if {@code keys} or a key is null
   * @throws CacheUnavailableException if a server cannot be reached in time
   */
  Set<String> deleteMulti(Collection<String> keys);         // returns the keys that existed

  /**
   * Atomically adds {@code delta} to the decimal unsigned 64-bit number stored under
   * {@code key} (memcached {@code incr}); the sum wraps at 2<sup>64</sup>. The key's TTL is
   * kept. The result is the unsigned bit pattern in a {@code long}: print it with
   * {@link Long#toUnsignedString(long)}.
   *
   * @param key a valid memcache key
   * @param delta a non-negative amount
   * @return the new value, or empty if the key is absent (nothing is created)
   * @throws IllegalArgumentException on a bad key or a negative delta
   * @throws IllegalStateException if the stored value is not a decimal unsigned 64-bit number
   * @throws NullPointerException if {@code key} is null
   * @throws CacheUnavailableException if the server cannot be reached in time
   */
  OptionalLong incr(String key, long delta);                // empty if absent

  /**
   * Atomically subtracts {@code delta} from the decimal unsigned 64-bit number stored under
   * {@code key} (memcached {@code decr}); the result stops at 0 (no underflow). The key's TTL
   * is kept.
   *
   * @param key a valid memcache key
   * @param delta a non-negative amount
   * @return the new value, or empty if the key is absent (nothing is created)
   * @throws IllegalArgumentException on a bad key or a negative delta
   * @throws IllegalStateException if the stored value is not a decimal unsigned 64-bit number
   * @throws NullPointerException if {@code key} is null
   * @throws CacheUnavailableException if the server cannot be reached in time
   */
  OptionalLong decr(String key, long delta);                // empty if absent

  /**
   * Gives the item under {@code key} a new TTL without changing its value (memcached
   * {@code touch}).
   *
   * @param key a valid memcache key
   * @param ttl the new time to live; {@link Duration#ZERO} for no expiry
   * @return {@code true} if a live item existed
   * @throws IllegalArgumentException on a bad key or a negative TTL
   * @throws NullPointerException if an argument is null
   * @throws CacheUnavailableException if the server cannot be reached in time
   */
  boolean touch(String key, Duration ttl);                  // new ttl; true if it existed

  /**
   * Invalidates every item on every server (memcached {@code flush_all}).
   *
   * @throws CacheUnavailableException if a server cannot be reached in time
   */
  void flushAll();

  /**
   * Returns the counters of the cache, summed over every server.
   *
   * @return hits, misses, items, bytes, evictions and the byte limit
   * @throws CacheUnavailableException if a server cannot be reached in time
   */
  CacheStats getStats();   // record: hits, misses, items, bytes, evictions, limitBytes; hitRatio()

  /**
   * Releases the connections and threads of this client. Idempotent; further calls on a closed
   * client fail.
   */
  @Override void close();
}
