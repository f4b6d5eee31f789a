/**
 * The JDBC implementation of wikicache's storage: {@link org.wikicache.jdbc.JdbcWiki} opens an
 * embedded H2 database (the default), PostgreSQL or MariaDB/MySQL through a HikariCP pool, runs
 * the Flyway migrations, and hands out the {@link org.wikicache.core.WikiStore} /
 * {@link org.wikicache.core.RevisionHistory} ({@link org.wikicache.jdbc.JdbcWikiStore}), the
 * {@link org.wikicache.core.UserProfiles} ({@link org.wikicache.jdbc.JdbcUserProfiles}) and the
 * durable notification outbox ({@link org.wikicache.jdbc.JdbcOutbox}), which
 * {@link org.wikicache.jdbc.JdbcWiki#notifyThroughOutbox} fills and drains.
 *
 * <p>Failures are wiki-core's {@link org.wikicache.core.StoreException}s: a
 * {@link org.wikicache.core.StoreConfigurationException} when the settings are wrong (bad URL,
 * unknown host, credentials, missing database or driver, missing privilege, failed migration),
 * a {@link org.wikicache.core.StoreUnavailableException} during an outage (database down, pool
 * exhausted, a transaction that lost to concurrent ones on every attempt), a plain
 * {@code StoreException} for anything else. Messages never contain the password.
 *
 * <pre>{@code
 * try (JdbcWiki db = JdbcWiki.h2(Path.of("data/wiki"))) {
 *   db.store().save(new Edit(PageName.of("Main"), 0, "Hello", "ada", "create"));
 * }
 * }</pre>
 */
@NullMarked
package org.wikicache.jdbc;

import org.jspecify.annotations.NullMarked;
