/**
 * Implementation helpers shared by the memcache clients of wikicache (key and TTL rules,
 * batches, memcached's arithmetic). Not API: anything here may change in any release.
 */
@NullMarked
package org.wikicache.memcache.internal;

import org.jspecify.annotations.NullMarked;
