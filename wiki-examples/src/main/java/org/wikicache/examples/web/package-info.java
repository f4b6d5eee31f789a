/**
 * The example server's small web-support layer, which knows HTTP but nothing of wikis: routes
 * that answer {@code HEAD}, {@code 405} with {@code Allow} and {@code OPTIONS} ({@link
 * org.wikicache.examples.web.Router}); request bodies bounded and parsed before any handler sees
 * them ({@link org.wikicache.examples.web.Form}); an admission gate for expensive requests ({@link
 * org.wikicache.examples.web.Gate}); signed double-submit CSRF cookies for visitors without a
 * session ({@link org.wikicache.examples.web.CsrfCookie}, keyed by a {@link
 * org.wikicache.examples.web.SigningKey}); cookies ({@link org.wikicache.examples.web.Cookies});
 * templates ({@link org.wikicache.examples.web.Templates}); and the error a handler throws to
 * answer with a 4xx ({@link org.wikicache.examples.web.WebError}).
 *
 * <p>The wiki's routes, in {@code org.wikicache.examples}, are built on these.
 */
@NullMarked
package org.wikicache.examples.web;

import org.jspecify.annotations.NullMarked;
