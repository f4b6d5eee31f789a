package org.wikicache.cache;
/** Temporary. */
public record CasValue(byte[] value, long casId) {}
