package org.wikicache.examples;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.wikicache.examples.web.Router;

/**
 * The statistics page ({@code /_stats}): what the cache saves. Everyone sees request counts, hit
 * ratios per kind of value, the calls that reached the store and the memcache client's figures;
 * only admins also see the internals (where the store, cache and mail are, the number of live
 * sessions). A cache that cannot be reached shows as such, never as an error.
 *
 * <p>To show more (say, another component's figures), add a field to {@link StatsView}, fill it
 * here from {@link Backend}, and add a section to {@code stats.mustache}.
 *
 * <p>Thread-safe.
 */
final class StatsRoutes {
  /**
   * Everything the stats page shows.
   *
   * @param requests totals over every request since start
   * @param cacheKinds cache figures per kind of value; empty without a cache
   * @param storeCalls calls that reached the store, by kind
   * @param storeCallsTotal their sum
   * @param dbQueries SQL statements the database ran, if there is a database
   * @param cacheFigures the memcache client's figures; empty without a cache
   * @param relayFigures the invalidation relays' figures; empty without a cache
   * @param replicaFigures the read replicas' figures; empty without replicas
   * @param internals where things are; for admins only
   */
  record StatsView(Requests requests, List<Backend.KindRow> cacheKinds,
      List<Backend.Figure> storeCalls, long storeCallsTotal, @Nullable Long dbQueries,
      List<Backend.Figure> cacheFigures, List<Backend.Figure> relayFigures,
      List<Backend.Figure> replicaFigures, @Nullable Internals internals) {
    boolean hasCache() {
      return !cacheFigures.isEmpty();
    }

    boolean hasReplicas() {
      return !replicaFigures.isEmpty();
    }
  }

  /** Totals of every request's cost since start. */
  record Requests(long requests, long servedFromCache, long storeQueries, String queriesPerRequest,
      long cacheHits, long cacheMisses, String hitRatio) {
    static Requests of(Totals t) {
      long lookups = t.cacheHits() + t.cacheMisses();
      return new Requests(t.requests(), t.servedFromCache(), t.storeQueries(),
          t.requests() == 0 ? "n/a"
              : String.format(Locale.ROOT, "%.2f", (double) t.storeQueries() / t.requests()),
          t.cacheHits(), t.cacheMisses(), lookups == 0 ? "n/a"
              : String.format(Locale.ROOT, "%.1f%%", 100.0 * t.cacheHits() / lookups));
    }
  }

  /** What only admins see: descriptions that name files and hosts, and the session count. */
  record Internals(String store, String cache, String mail, long sessions) {}

  private final Services services;
  private final Totals totals;

  StatsRoutes(Services services, Totals totals) {
    this.services = requireNonNull(services, "services");
    this.totals = requireNonNull(totals, "totals");
  }

  void register(Router router) {
    router.get("/_stats", this::stats);
  }

  private void stats(Context ctx) {
    Backend backend = services.backend().get();
    List<Backend.Figure> storeCalls = backend.meter().snapshot().entrySet().stream()
        .map(e -> new Backend.Figure(e.getKey(), Long.toString(e.getValue()))).toList();
    long dbQueries = backend.databaseQueries();
    Internals internals = services.visitors().isAdmin(ctx)
        ? new Internals(backend.storeName(), backend.cacheName(), backend.mailName(),
            services.visitors().sessionCount())
        : null;
    services.views().render(ctx, 200, "stats", "Statistics", new StatsView(
        Requests.of(totals), backend.cacheKinds(), storeCalls, backend.meter().total(),
        dbQueries >= 0 ? dbQueries : null, backend.cacheFigures(), backend.relayFigures(),
        backend.replicaFigures(), internals));
  }
}
