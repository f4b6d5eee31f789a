/**
 * Implementation helpers of the Xmemcached adapter, public only so that wikicache's own
 * benchmarks can measure raw Xmemcached with exactly the adapter's value handling. Not API:
 * anything here may change in any release.
 */
@NullMarked
package org.wikicache.xmemcached.internal;

import org.jspecify.annotations.NullMarked;
