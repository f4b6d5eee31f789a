package org.wikicache.examples.web;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Registers routes on Javalin so that every request gets the right kind of answer without each
 * handler repeating it:
 *
 * <ul>
 *   <li>{@link #get}: the handler answers {@code GET} and {@code HEAD} alike (Jetty sends no body
 *       for {@code HEAD}, but the same status, type and length);
 *   <li>{@link #post}: the body is read as a bounded {@link Form} before the handler runs, so no
 *       handler can read an unbounded body or forget the limit; bodies above {@value
 *       #LARGE_BODY_BYTES} bytes enter the {@link Gate} first;
 *   <li>{@link #finish}: every other method of every path is a 405 with {@code Allow} naming the
 *       methods that path takes, and {@code OPTIONS} answers 204 with {@code Allow}. The
 *       catch-all route given to {@code finish} is registered last, so it never shadows a route
 *       (a {@code GET /logout} is a 405, not a page called "logout").
 * </ul>
 *
 * <p>The router also knows which first path segments its routes own ({@link #ownedSegments}), so
 * that a page cannot be created under a name that a route would shadow.
 *
 * <pre>{@code
 * Router router = new Router(app, new Gate(2, Duration.ofSeconds(10)));
 * router.get("/login", this::loginForm);
 * router.post("/login", 16 * 1024, this::login);   // (Context ctx, Form form) -> ...
 * router.finish("/<page>", this::view);
 * }</pre>
 *
 * <p>Register routes on one thread before the server starts; afterwards it is safe to read from
 * any thread.
 */
public final class Router {
  /** Bodies larger than this enter the gate before they are read. */
  public static final long LARGE_BODY_BYTES = 64 * 1024;

  /** The methods every path answers, if only with a 405. */
  private static final Set<HandlerType> METHODS = EnumSet.of(HandlerType.GET, HandlerType.HEAD,
      HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE,
      HandlerType.TRACE, HandlerType.CONNECT, HandlerType.OPTIONS,
      HandlerType.INVALID);  // INVALID: any other method (PROPFIND, FOO...)

  /** A handler of a form post: the body has been read and bounded already. */
  @FunctionalInterface
  public interface FormHandler {
    /** Answers the request; {@code form} holds its fields. */
    void handle(Context ctx, Form form) throws Exception;
  }

  private final Javalin app;
  private final Gate gate;
  private final Map<String, Set<HandlerType>> paths = new LinkedHashMap<>();
  private volatile boolean finished;

  /**
   * @param app the Javalin to register on
   * @param gate where large bodies wait for their turn
   */
  public Router(Javalin app, Gate gate) {
    this.app = requireNonNull(app, "app");
    this.gate = requireNonNull(gate, "gate");
  }

  /** Registers {@code handler} for {@code GET} and {@code HEAD} of {@code path}. */
  public void get(String path, Handler handler) {
    add(path, HandlerType.GET, handler);
    add(path, HandlerType.HEAD, handler);
  }

  /**
   * Registers {@code handler} for {@code POST} of {@code path}, with bodies of at most
   * {@code maxBodyBytes} read into a {@link Form} first.
   */
  public void post(String path, long maxBodyBytes, FormHandler handler) {
    checkArgument(maxBodyBytes > 0, "maxBodyBytes must be positive, was %s", maxBodyBytes);
    requireNonNull(handler, "handler");
    add(path, HandlerType.POST, ctx -> {
      long declared = ctx.req().getContentLengthLong();
      boolean large = maxBodyBytes > LARGE_BODY_BYTES
          && (declared < 0 || declared > LARGE_BODY_BYTES) && declared <= maxBodyBytes;
      try (Gate.Permit permit = large ? gate.enter() : Gate.none()) {
        handler.handle(ctx, Form.read(ctx, maxBodyBytes));
      }
    });
  }

  /**
   * Registers the 405 and {@code OPTIONS} answers of every path so far, then {@code handler} for
   * {@code GET} and {@code HEAD} of the catch-all {@code path} (with its own), last. Register no
   * route after this.
   */
  public void finish(String catchAll, Handler handler) {
    checkState(!finished, "finish was called already");
    List<String> specific = List.copyOf(paths.keySet());
    for (String path : specific) {
      closeMethods(path);
    }
    get(catchAll, handler);
    closeMethods(catchAll);
    finished = true;
  }

  private void add(String path, HandlerType method, Handler handler) {
    checkState(!finished, "no route may be added after finish");
    checkArgument(path.startsWith("/"), "a route path starts with /, was %s", path);
    checkArgument(paths.computeIfAbsent(path, p -> EnumSet.noneOf(HandlerType.class))
        .add(method), "%s %s is registered already", method, path);
    app.addHttpHandler(method, path, handler);
  }

  /** Answers every method {@code path} does not take: 204 for OPTIONS, else 405. */
  private void closeMethods(String path) {
    Set<HandlerType> taken = paths.get(path);
    String allow = allow(taken);
    for (HandlerType method : METHODS) {
      if (taken.contains(method)) {
        continue;
      }
      app.addHttpHandler(method, path, method == HandlerType.OPTIONS
          ? ctx -> ctx.header("Allow", allow).status(204)
          : ctx -> {
            throw new WebError(405, method(ctx) + " is not allowed here; allowed: " + allow
                + ".", Map.of("Allow", allow));
          });
    }
  }

  /** The request's method as sent (Javalin calls every unknown one INVALID), cut short. */
  private static String method(Context ctx) {
    String m = ctx.req().getMethod();
    return m == null ? "This method" : m.length() <= 20 ? m : m.substring(0, 20) + "...";
  }

  private static String allow(Set<HandlerType> methods) {
    Set<String> names = new TreeSet<>();
    methods.forEach(m -> names.add(m.name()));
    names.add(HandlerType.OPTIONS.name());
    return String.join(", ", names);
  }

  /** The methods registered for {@code path} (not counting the 405 and OPTIONS answers). */
  public Set<HandlerType> methods(String path) {
    Set<HandlerType> methods = paths.get(path);
    return methods == null ? Set.of() : Set.copyOf(methods);
  }

  /** Every path with routes, in order of registration. */
  public List<String> paths() {
    return List.copyOf(paths.keySet());
  }

  /**
   * The first path segments that routes own, lower-cased: {@code login} for {@code /login},
   * {@code api} for {@code /api/recent}. Routes whose first segment is a path parameter (the
   * catch-all page route) or starts with {@code _} (which no page name may) own none.
   */
  public Set<String> ownedSegments() {
    return paths.keySet().stream().map(Router::firstSegment)
        .filter(s -> s != null && !s.startsWith("_"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static @Nullable String firstSegment(String path) {
    String rest = path.substring(1);
    int slash = rest.indexOf('/');
    String first = slash < 0 ? rest : rest.substring(0, slash);
    if (first.isEmpty() || first.startsWith("{") || first.startsWith("<")) {
      return null;
    }
    return first.toLowerCase(Locale.ROOT);
  }
}
