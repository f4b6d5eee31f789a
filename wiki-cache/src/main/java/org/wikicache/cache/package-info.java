/**
 * The wiki's caching decorators: {@link org.wikicache.cache.CachingStores} wraps a {@link
 * org.wikicache.core.WikiStore}, its {@link org.wikicache.core.UserProfiles} and {@link
 * org.wikicache.core.RevisionHistory} so that reads cost a cache hit through any {@link
 * org.wikicache.memcache.MemcacheClient}, and runs the relay that delivers the durable
 * invalidations of the store's {@link org.wikicache.core.ChangeLog}. {@link
 * org.wikicache.cache.PageViews} assembles a whole page view from one cache round trip; {@link
 * org.wikicache.cache.ReadThrough} is the cache-aside read for an application's own values.
 * Everything not public here is an implementation detail. The consistency the decorators keep is
 * stated on {@link org.wikicache.cache.CachingStores} and in {@code docs/consistency.md}.
 */
@NullMarked
package org.wikicache.cache;

import org.jspecify.annotations.NullMarked;
