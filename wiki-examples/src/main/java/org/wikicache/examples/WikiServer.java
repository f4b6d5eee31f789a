package org.wikicache.examples;

import static java.util.Objects.requireNonNull;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wikicache.core.PermissionDeniedException;
import org.wikicache.core.RequestCost;
import org.wikicache.core.StoreConfigurationException;
import org.wikicache.core.StoreUnavailableException;
import org.wikicache.examples.web.Cookies;
import org.wikicache.examples.web.CsrfCookie;
import org.wikicache.examples.web.PositionCookie;
import org.wikicache.examples.web.Form;
import org.wikicache.examples.web.Gate;
import org.wikicache.examples.web.Router;
import org.wikicache.examples.web.SigningKey;
import org.wikicache.examples.web.Templates;
import org.wikicache.examples.web.WebError;

/**
 * The example wiki server: the classic course wiki's routes ({@code /signup}, {@code /login},
 * {@code /logout}, {@code /{page}}, {@code /_edit/{page}}, {@code /_history/{page}}) plus diffs,
 * revert, recent changes, profiles with contributions, search ({@link SearchRoutes}), the index,
 * sub-pages, links and wanted pages ({@link IndexRoutes}), moving pages ({@link MoveRoutes}),
 * deleting, restoring, protecting and blocking ({@link AdminRoutes}), a stats page that shows what
 * the cache saves, and a JSON API under {@code /api/}. Every page's footer says whether it was served from the cache and how many
 * store queries it cost.
 *
 * <p>Run it with {@code java -jar wiki-examples/target/wiki-server.jar [--port 8080] ...} (see
 * {@link WikiServerConfig} for the flags), or embed it:
 *
 * <pre>{@code
 * try (WikiServer server = WikiServer.start(WikiServerConfig.newBuilder().port(0).build())) {
 *   System.out.println(server.url());
 * }
 * }</pre>
 *
 * <p>Thread-safe: requests are served concurrently by Jetty's thread pool.
 */
public final class WikiServer implements AutoCloseable {
  /**
   * The largest request body accepted: the editor's post of a page at the 2 MiB limit,
   * percent-encoded. Each route accepts at most what its form needs (16 KiB for a login).
   */
  public static final long MAX_REQUEST_BYTES = PageRoutes.MAX_EDIT_BODY;

  /** Jetty's threads at most: with the gate, this bounds what concurrent requests hold. */
  static final int MAX_THREADS = 64;
  /** How many large bodies (over 64 KiB) are read and handled at once. */
  static final int LARGE_BODIES = 4;
  /** How many expensive computations (diffs and renders of large texts) run at once. */
  static final int HEAVY_WORK = 2;
  /** How many password hashes (sign-ups, logins) run at once: half the cores, at least one. */
  static final int PASSWORD_HASHES = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  /** Failed logins allowed per account (any server, any address). */
  static final SharedLoginThrottle.Limit PER_ACCOUNT =
      new SharedLoginThrottle.Limit(5, Duration.ofMinutes(1));
  /** Failed logins allowed per client address (any server, any account). */
  static final SharedLoginThrottle.Limit PER_ADDRESS =
      new SharedLoginThrottle.Limit(50, Duration.ofMinutes(1));
  /** How long a login lasts. */
  static final Duration SESSION_TTL = Duration.ofDays(7);
  /** How long after start-up the background work (mail) begins. */
  static final Duration BACKGROUND_DELAY = Duration.ofSeconds(2);
  /** Uploads slower than this are cut off (a slow-drip body cannot hold a thread for long). */
  static final long MIN_UPLOAD_BYTES_PER_SECOND = 1024;
  /** Seconds a visitor is asked to wait ({@code Retry-After}) when the store is down. */
  static final String STORE_RETRY_AFTER = "5";

  private static final Logger LOG = LoggerFactory.getLogger(WikiServer.class);

  private final Javalin app;
  private final Router router;
  private final Backend backend;
  private final WikiServerConfig config;

  private WikiServer(Http http, Backend backend, WikiServerConfig config) {
    this.app = http.app();
    this.router = http.router();
    this.backend = backend;
    this.config = config;
  }

  /** The HTTP side: Javalin and the routes registered on it. */
  private record Http(Javalin app, Router router) {}

  /**
   * Opens the backend the configuration names and starts serving.
   *
   * @throws IllegalStateException if the backend cannot be opened or the port is taken
   */
  public static WikiServer start(WikiServerConfig config) {
    requireNonNull(config, "config");
    // Open the store (database, migrations, password hasher) on another thread while the HTTP
    // side starts: on two cores the two halves of start-up overlap.
    CompletableFuture<Backend> opening = CompletableFuture.supplyAsync(() -> {
      long t0 = System.nanoTime();
      Backend b = Backend.open(config);
      LOG.debug("backend open in {} ms", (System.nanoTime() - t0) / 1_000_000);
      return b;
    }, task -> {
      Thread thread = new Thread(task, "wiki-backend-open");
      thread.setDaemon(true);
      thread.start();
    });
    Http http;
    try {
      http = http(config, opening);
    } catch (RuntimeException e) {
      opening.thenAccept(Backend::close);
      throw e;
    }
    try {
      WikiServer server = new WikiServer(http, opening.join(), config);
      // lazy-load what the first page does not need: background work starts a little later
      CompletableFuture.runAsync(server.backend::startBackgroundWork,
          CompletableFuture.delayedExecutor(BACKGROUND_DELAY.toMillis(), TimeUnit.MILLISECONDS));
      return server;
    } catch (CompletionException e) {
      http.app().stop();
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private static Http http(WikiServerConfig config, CompletableFuture<Backend> opening) {
    Supplier<Backend> backend = opening::join;
    Javalin app = Javalin.create(c -> {
      c.showJavalinBanner = false;
      c.startupWatcherEnabled = false;
      c.http.disableCompression();
      c.jsonMapper(new JavalinJackson(null, false));  // built on first use: start-up is faster
      c.jetty.threadPool = new QueuedThreadPool(MAX_THREADS, 4, 60_000);
      c.jetty.clientAbortStatus = 499;
      c.jetty.timeoutStatus = 408;
      c.jetty.modifyHttpConfiguration(http -> {
        http.setSendServerVersion(false);
        http.setMinRequestDataRate(MIN_UPLOAD_BYTES_PER_SECOND);  // no slow-drip bodies
      });
    });
    Totals totals = new Totals();
    Cookies cookies = new Cookies(config.secure());
    // the key and the sessions come from the backend (the database's, shared by every server),
    // fetched on first use since the backend opens while the HTTP side starts
    SigningKey key = () -> backend.get().signingKey().current();
    Sessions sessions = new Sessions(() -> backend.get().sessions(), key, SESSION_TTL,
        id -> backend.get().wiki().users().findById(id), () -> backend.get().sessionCount());
    Visitors visitors = new Visitors(sessions, new CsrfCookie(key, cookies, Duration.ofHours(12),
        Clock.systemUTC()), cookies, () -> backend.get().wiki());
    Views views = new Views(new Templates(), visitors);
    Router router = new Router(app, new Gate(LARGE_BODIES, Duration.ofSeconds(10)));
    Services services = new Services(backend, views, visitors,
        new PageNames(router::ownedSegments), new Gate(HEAVY_WORK, Duration.ofSeconds(10)));

    app.before(ctx -> {
      ctx.attribute(Views.COST, RequestCost.begin());
      ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'self'; "
          + "img-src 'self' https: http:; form-action 'self'; base-uri 'none'; "
          + "frame-ancestors 'none'");
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.header("X-Frame-Options", "DENY");
      ctx.header("Referrer-Policy", "same-origin");
      if (config.secure()) {
        ctx.header("Strict-Transport-Security", "max-age=31536000");
      }
      if (ctx.path().startsWith("/api/")) {
        ctx.header("Cache-Control", "no-store");  // as the HTML pages: never an old page
      }
      Form.checkPath(ctx.req().getRequestURI());  // before Javalin decodes it for a route
    });
    app.after(ctx -> {
      RequestCost cost = ctx.attribute(Views.COST);
      if (cost != null) {
        cost.close();
        totals.add(cost);
      }
    });
    new ReadYourWrites(new PositionCookie(key, cookies, Duration.ofMinutes(1),
        Clock.systemUTC()), () -> {
          Backend opened = opening.getNow(null);
          return opened != null && opened.readsReplicas();
        }).register(app);
    handleErrors(app, views);

    router.get("/_static/wiki.css", WikiServer::css);
    new ApiRoutes(() -> backend.get().wiki()).register(router);
    new AccountRoutes(services, new SharedLoginThrottle(() -> backend.get().cacheClient(),
        "wiki", PER_ACCOUNT, PER_ADDRESS, Clock.systemUTC()),
        new ClientAddress(config.trustedProxies()),
        new Gate(PASSWORD_HASHES, Duration.ofSeconds(10))).register(router);
    new HistoryRoutes(services).register(router);
    new SearchRoutes(services).register(router);
    new IndexRoutes(services).register(router);
    new MoveRoutes(services).register(router);
    new AdminRoutes(services).register(router);
    new StatsRoutes(services, totals).register(router);
    PageRoutes pages = new PageRoutes(services);
    pages.register(router);
    pages.registerPageRouteLast(router);  // the catch-all; then every other method is a 405
    app.start(config.host(), config.port());
    return new Http(app, router);
  }

  /** Every failure becomes a page: a 4xx for bad requests, 503 if the store is down. */
  private static void handleErrors(Javalin app, Views views) {
    app.exception(WebError.class, (e, ctx) -> {
      e.headers().forEach(ctx::header);
      views.error(ctx, e.status(), e.getMessage());
    });
    app.exception(HttpResponseException.class,
        (e, ctx) -> views.error(ctx, e.getStatus(), e.getMessage()));
    app.exception(BadMessageException.class, (e, ctx) -> {  // Jetty's limits, as a 4xx
      ctx.header("Connection", "close");
      views.error(ctx, e.getCode() >= 400 && e.getCode() < 500 ? e.getCode() : 400,
          "The request could not be read: " + e.getReason() + ".");
    });
    app.exception(PermissionDeniedException.class,
        (e, ctx) -> views.error(ctx, 403, e.getMessage()));
    app.exception(StoreUnavailableException.class, (e, ctx) -> {
      LOG.warn("store unavailable: {}", e.getMessage());
      storeDown(ctx, views);
    });
    // settings that stopped working while the server runs (a revoked login, a dropped
    // database): the operator must act, the visitor can only wait
    app.exception(StoreConfigurationException.class, (e, ctx) -> {
      LOG.error("store misconfigured: {}", e.getMessage());
      storeDown(ctx, views);
    });
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
      views.error(ctx, 500, "Something went wrong on our side.");
    });
    app.error(404, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) {
        views.error(ctx, 404, "Not found.");
      }
    });
  }

  private static void storeDown(Context ctx, Views views) {
    ctx.header("Retry-After", STORE_RETRY_AFTER);
    views.error(ctx, 503, "The wiki's storage is unavailable. Try again in a moment.");
  }

  private static void css(Context ctx) {
    ctx.contentType("text/css; charset=utf-8").header("Cache-Control", "public, max-age=3600")
        .result(Css.BYTES);
  }

  /** The style sheet, read on first use. */
  private static final class Css {
    static final byte[] BYTES = read();

    private static byte[] read() {
      try (InputStream in = WikiServer.class.getResourceAsStream("/static/wiki.css")) {
        if (in == null) {
          throw new IllegalStateException("wiki.css missing from the classpath");
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The routes (for tests). */
  Router router() {
    return router;
  }

  /** What the server runs on (for tests). */
  Backend backend() {
    return backend;
  }

  /** The port the server listens on (the real one when started with port 0). */
  public int port() {
    return app.port();
  }

  /** The server's URL: the base URL if configured, else {@code http://localhost:port/}. */
  public String url() {
    return config.baseUrl().map(u -> u.toString().endsWith("/") ? u.toString() : u + "/")
        .orElse("http://localhost:" + port() + "/");
  }

  /** What stores the pages, e.g. {@code "H2 in ./data"}. */
  public String storeDescription() {
    return backend.storeName();
  }

  /** What caches the pages, e.g. {@code "in-process"}. */
  public String cacheDescription() {
    return backend.cacheName();
  }

  /** Stops serving and closes the store and cache. */
  @Override
  public void close() {
    app.stop();
    backend.close();
  }

  /**
   * Starts the server from command-line flags and environment variables; bad flags print the
   * usage and exit with status 2.
   */
  public static void main(String[] args) {
    int status = run(List.of(args), System.getenv(), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * What {@link #main} does, without exiting: returns 0 once the server is started (it keeps
   * running) or the usage was printed for {@code --help}, 2 for a bad command line, 1 if the
   * server could not start.
   */
  static int run(List<String> args, Map<String, String> env, PrintStream out,
      PrintStream err) {
    WikiServerConfig config;
    try {
      config = WikiServerConfig.parse(args, env);
    } catch (WikiServerConfig.UsageException e) {
      err.println("wiki-server: " + e.getMessage());
      err.print(WikiServerConfig.usage());
      return 2;
    }
    if (config.help()) {
      out.print(WikiServerConfig.usage());
      return 0;
    }
    WikiServer server;
    try {
      server = start(config);
    } catch (RuntimeException e) {
      err.println("wiki-server: could not start: " + e.getMessage());
      LOG.debug("start-up failure", e);
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "wiki-server-shutdown"));
    out.printf("wikicache server at %s%n  store: %s%n  cache: %s%n  mail:  %s%n"
            + "  started in %d ms%n", server.url(), server.storeDescription(),
        server.cacheDescription(), server.backend.mailName(),
        ManagementFactory.getRuntimeMXBean().getUptime());
    out.flush();
    return 0;
  }
}
