package org.wikicache.examples;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.io.PrintStream;
import java.time.Clock;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wikicache.core.StoreUnavailableException;

/**
 * The example wiki server: the classic course wiki's routes ({@code /signup}, {@code /login},
 * {@code /logout}, {@code /{page}}, {@code /_edit/{page}}, {@code /_history/{page}}) plus diffs,
 * revert, recent changes, profiles, a stats page that shows what the cache saves, and a JSON API
 * under {@code /api/}. Every page's footer says whether it was served from the cache and how many
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
  /** The largest request body accepted (form posts, including a page's content). */
  public static final long MAX_REQUEST_BYTES = 3L * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(WikiServer.class);

  private final Javalin app;
  private final Backend backend;
  private final WikiServerConfig config;

  private WikiServer(Javalin app, Backend backend, WikiServerConfig config) {
    this.app = app;
    this.backend = backend;
    this.config = config;
  }

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
    Javalin app;
    try {
      app = http(config, opening);
    } catch (RuntimeException e) {
      opening.thenAccept(Backend::close);
      throw e;
    }
    try {
      return new WikiServer(app, opening.join(), config);
    } catch (CompletionException e) {
      app.stop();
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private static Javalin http(WikiServerConfig config, CompletableFuture<Backend> backend) {
    Site site = new Site(backend, config, Clock.systemUTC());
    ApiRoutes api = new ApiRoutes(() -> backend.join().wiki());
    ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    Javalin app = Javalin.create(c -> {
      c.showJavalinBanner = false;
      c.startupWatcherEnabled = false;
      c.http.maxRequestSize = MAX_REQUEST_BYTES;
      c.http.disableCompression();
      c.jsonMapper(new JavalinJackson(mapper, false));
    });
    site.registerBefore(app);
    app.exception(WebError.class, (e, ctx) -> site.error(ctx, e.status(), e.getMessage()));
    app.exception(HttpResponseException.class,
        (e, ctx) -> site.error(ctx, e.getStatus(), e.getMessage()));
    app.exception(StoreUnavailableException.class, (e, ctx) -> {
      LOG.warn("store unavailable: {}", e.getMessage());
      site.error(ctx, 503, "The wiki's storage is unavailable. Try again in a moment.");
    });
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
      site.error(ctx, 500, "Something went wrong on our side.");
    });
    app.error(404, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) {
        site.error(ctx, 404, "Not found.");
      }
    });
    api.register(app);
    site.registerRoutes(app);
    site.registerPageRoute(app);
    app.start(config.host(), config.port());
    return app;
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
  static int run(List<String> args, java.util.Map<String, String> env, PrintStream out,
      PrintStream err) {
    WikiServerConfig config;
    try {
      config = WikiServerConfig.parse(args, env);
    } catch (WikiServerConfig.UsageException e) {
      err.println("wiki-server: " + e.getMessage());
      err.print(WikiServerConfig.USAGE);
      return 2;
    }
    if (config.help()) {
      out.print(WikiServerConfig.USAGE);
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
