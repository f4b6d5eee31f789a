/**
 * The wiki's domain: value types ({@link org.wikicache.core.PageName}, {@link
 * org.wikicache.core.Page}, {@link org.wikicache.core.Revision}, {@link org.wikicache.core.User}),
 * the storage interfaces ({@link org.wikicache.core.WikiStore}, {@link
 * org.wikicache.core.RevisionHistory}, {@link org.wikicache.core.UserProfiles}, {@link
 * org.wikicache.core.Notifier}), the {@link org.wikicache.core.Wiki} service, and in-memory
 * reference implementations. Depends on Guava only; knows nothing of caches, JDBC or mail.
 */
@NullMarked
package org.wikicache.core;

import org.jspecify.annotations.NullMarked;
