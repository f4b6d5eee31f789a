package org.wikicache.examples.web;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Registers routes on Javalin so that each kind of request gets the right answer without every
 * handler repeating it:
 *
 * <ul>
 *   <li>{@link #get}: the handler answers {@code GET} and {@code HEAD} alike (Jetty sends no body
 *       for {@code HEAD}, but the same status, type and length);
 *   <li>{@link #post}: the body is read as a bounded {@link Form} before the handler runs, so no
 *       handler can read an unbounded body or forget the limit; bodies above {@value
 *       #LARGE_BODY_BYTES} bytes enter the {@link Gate} first;
 *   <li>a method a path does not take is a 405 with {@code Allow} (see {@link #allow}), and
 *       {@code OPTIONS} answers 204 with {@code Allow}.
 * </ul>
 *
 * <p>The router also knows which first path segments its routes own ({@link #ownedSegments}), so
 * that a page cannot be created under a name that a route would shadow.
 *
 * <pre>{@code
 * Router router = new Router(app, new Gate(4, Duration.ofSeconds(10)));
 * router.get("/login", this::loginForm);
 * router.post("/login", 16 * 1024, this::login);   // (Context ctx, Form form) -> ...
 * }</pre>
 *
 * <p>Register routes on one thread before the server starts; afterwards it is safe to read from
 * any thread.
 */
public final class Router {
  /** Bodies larger than this enter the gate before they are read. */
  public static final long LARGE_BODY_BYTES = 64 * 1024;

  /** A handler of a form post: the body has been read and bounded already. */
  @FunctionalInterface
  public interface FormHandler {
    /** Answers the request; {@code form} holds its fields. */
    void handle(Context ctx, Form form) throws Exception;
  }

  /** One registered route. */
  public record Route(HandlerType method, String path) {
    /** Validates the parts. */
    public Route {
      requireNonNull(method, "method");
      checkArgument(path.startsWith("/"), "a route path starts with /, was %s", path);
    }
  }

  private final Javalin app;
  private final Gate gate;
  private final List<Route> routes = new CopyOnWriteArrayList<>();

  /**
   * @param app the Javalin to register on; it must be created with {@code prefer405over404}
   * @param gate where large bodies wait for their turn
   */
  public Router(Javalin app, Gate gate) {
    this.app = requireNonNull(app, "app");
    this.gate = requireNonNull(gate, "gate");
  }

  /** Registers {@code handler} for {@code GET} and {@code HEAD} of {@code path}. */
  public void get(String path, Handler handler) {
    app.get(path, handler);
    app.head(path, handler);
    routes.add(new Route(HandlerType.GET, path));
    routes.add(new Route(HandlerType.HEAD, path));
  }

  /**
   * Registers {@code handler} for {@code POST} of {@code path}, with bodies of at most
   * {@code maxBodyBytes} read into a {@link Form} first.
   */
  public void post(String path, long maxBodyBytes, FormHandler handler) {
    checkArgument(maxBodyBytes > 0, "maxBodyBytes must be positive, was %s", maxBodyBytes);
    requireNonNull(handler, "handler");
    app.post(path, ctx -> {
      long declared = ctx.req().getContentLengthLong();
      boolean large = maxBodyBytes > LARGE_BODY_BYTES
          && (declared < 0 || declared > LARGE_BODY_BYTES) && declared <= maxBodyBytes;
      try (Gate.Permit permit = large ? gate.enter() : Gate.none()) {
        handler.handle(ctx, Form.read(ctx, maxBodyBytes));
      }
    });
    routes.add(new Route(HandlerType.POST, path));
  }

  /** Every route registered so far, in order. */
  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /**
   * The first path segments that routes own, lower-cased: {@code login} for {@code /login},
   * {@code api} for {@code /api/recent}. Routes whose first segment is a path parameter (the
   * catch-all page route) or starts with {@code _} (which no page name may) own none.
   */
  public Set<String> ownedSegments() {
    Set<String> owned = new TreeSet<>();
    for (Route route : routes) {
      String path = route.path().substring(1);
      int slash = path.indexOf('/');
      String first = slash < 0 ? path : path.substring(0, slash);
      if (!first.isEmpty() && !first.startsWith("_") && !first.startsWith("{")
          && !first.startsWith("<")) {
        owned.add(first.toLowerCase(Locale.ROOT));
      }
    }
    return owned;
  }

  /**
   * The value of an {@code Allow} header from the details of Javalin's 405 answer, which lists
   * the methods the path takes (with {@code OPTIONS} added, which every path takes).
   */
  public static String allow(java.util.Map<String, String> details) {
    Set<String> methods = new TreeSet<>();
    for (String value : details.values()) {
      for (String method : value.split(",")) {
        if (!method.isBlank()) {
          methods.add(method.strip());
        }
      }
    }
    methods.add("OPTIONS");
    return String.join(", ", methods);
  }
}
