/**
 * {@link org.wikicache.xmemcached.XmemcachedClient}: the {@link
 * org.wikicache.memcache.MemcacheClient} of real memcached servers and clusters (Ketama
 * consistent hashing), through Xmemcached. Depend on {@code wiki-xmemcached} only when you use
 * memcached; the rest of wikicache never needs it.
 */
@NullMarked
package org.wikicache.xmemcached;

import org.jspecify.annotations.NullMarked;
