/**
 * Test fixtures for wikicache and for applications that embed it: the contract suites every
 * implementation of {@link org.wikicache.core.WikiStore}, {@link org.wikicache.core.UserProfiles}
 * and {@link org.wikicache.memcache.MemcacheClient} must pass, {@link
 * org.wikicache.testing.MemcachedProcess} (a real memcached per test class), {@link
 * org.wikicache.testing.TestDatabases} (a fresh H2, PostgreSQL or MariaDB database per test) and
 * {@link org.wikicache.testing.RequiredService} (fail under CI, skip elsewhere, when a service is
 * missing). Use it in test scope.
 */
@NullMarked
package org.wikicache.testing;

import org.jspecify.annotations.NullMarked;
