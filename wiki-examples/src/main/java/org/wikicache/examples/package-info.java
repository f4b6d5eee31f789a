/**
 * The runnable example wiki server ({@link org.wikicache.examples.WikiServer}, packaged as
 * {@code wiki-examples/target/wiki-server.jar}) and small examples of the library in use.
 *
 * <p>Start it with {@code java -Xmx512m -jar wiki-examples/target/wiki-server.jar}; {@code --help}
 * lists the options ({@link org.wikicache.examples.WikiServerConfig}).
 *
 * <h2>Finding your way in the server</h2>
 *
 * <table>
 *   <caption>Where things are</caption>
 *   <tr><th>to change</th><th>look in</th></tr>
 *   <tr><td>start-up, limits, error pages, which routes exist</td>
 *       <td>{@code WikiServer} ({@code http()} wires everything)</td></tr>
 *   <tr><td>command-line options and environment variables</td>
 *       <td>{@code ServerOptions} (each option once), {@code WikiServerConfig} (its builder)</td></tr>
 *   <tr><td>store, cache, mail: what the server runs on</td><td>{@code Backend}</td></tr>
 *   <tr><td>front page, page view (redirects, protection, sub-pages), editor, preview, saving,
 *       edit conflicts, writing help</td><td>{@code PageRoutes}</td></tr>
 *   <tr><td>search</td><td>{@code SearchRoutes}</td></tr>
 *   <tr><td>the index, sub-pages, what links here, wanted pages (keyset paging)</td>
 *       <td>{@code IndexRoutes}, {@code Listing}</td></tr>
 *   <tr><td>moving pages</td><td>{@code MoveRoutes}</td></tr>
 *   <tr><td>admins: delete, the archive, restore, protect, block</td>
 *       <td>{@code AdminRoutes}</td></tr>
 *   <tr><td>history, diffs, revert, recent changes</td>
 *       <td>{@code HistoryRoutes}, {@code LineDiff} (the bounded diff)</td></tr>
 *   <tr><td>sign-up, login (and the way back after it), logout, profiles, contributions</td>
 *       <td>{@code AccountRoutes}, {@code SharedLoginThrottle} (memcached counters, with
 *       {@code LoginThrottle} in the process as the fallback), {@code ClientAddress} (whom to
 *       throttle behind a load balancer)</td></tr>
 *   <tr><td>the statistics page</td><td>{@code StatsRoutes}, {@code Totals}, {@code StoreMeter}</td></tr>
 *   <tr><td>the JSON API</td><td>{@code ApiRoutes}</td></tr>
 *   <tr><td>sessions (in the database, through the cache), CSRF checks, who is an admin</td>
 *       <td>{@code Visitors}, {@code Sessions}</td></tr>
 *   <tr><td>the cluster script's workload ({@code scripts/cluster.sh})</td>
 *       <td>{@code ClusterDriver}</td></tr>
 *   <tr><td>reserved page names</td><td>{@code PageNames}</td></tr>
 *   <tr><td>the page layout, rendering, error pages</td>
 *       <td>{@code Views} and {@code src/main/resources/templates}</td></tr>
 *   <tr><td>Markdown and sanitizing; {@code [[wiki links]]}, red for missing pages</td>
 *       <td>{@code Markdown}, {@code WikiAnchors}</td></tr>
 *   <tr><td>HTTP support that knows nothing of wikis (routes, bounded forms, the gate, signed
 *       cookies)</td><td>{@link org.wikicache.examples.web}</td></tr>
 * </table>
 *
 * <p>Each route class registers its routes on a {@link org.wikicache.examples.web.Router} and
 * renders records (one per page, next to the handler that fills it) through {@code Views}.
 */
@NullMarked
package org.wikicache.examples;

import org.jspecify.annotations.NullMarked;
