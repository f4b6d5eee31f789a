/**
 * The memcache API of the course in Java: {@link org.wikicache.memcache.MemcacheClient} (add,
 * set, replace, cas, setMulti, get, gets, getMulti, delete, deleteMulti, incr, decr, touch,
 * flushAll, getStats), its value types, and {@link org.wikicache.memcache.InMemoryMemcacheClient},
 * an in-process implementation on Caffeine that behaves like memcached 1.6. A client for real
 * memcached servers is in the {@code wiki-xmemcached} module. Knows nothing of wikis.
 */
@NullMarked
package org.wikicache.memcache;

import org.jspecify.annotations.NullMarked;
