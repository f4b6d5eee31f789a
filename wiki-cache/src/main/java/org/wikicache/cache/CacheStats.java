package org.wikicache.cache;
/** Temporary. */
public record CacheStats(long hits, long misses, long items, long bytes, long evictions, long limitBytes) {}
