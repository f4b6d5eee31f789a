package org.wikicache.examples;

import static java.util.Objects.requireNonNull;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wikicache.examples.web.PositionCookie;
import org.wikicache.jdbc.ReadFloor;

/**
 * Read-your-writes across servers that read lagging replicas (MediaWiki's ChronologyProtector):
 * each request runs in a {@link ReadFloor} opened at the position in the visitor's signed
 * {@link PositionCookie}, so it reads nothing older than the visitor's last write, on whichever
 * server it lands; a request that writes (a save, a sign-up, a profile update, a login) sends the
 * position of its write back in the cookie. Without replicas no cookie is set.
 *
 * <p>Thread-safe; the scope of a request lives in its thread from the before-handler to the
 * after-handler.
 */
final class ReadYourWrites {
  private static final Logger LOG = LoggerFactory.getLogger(ReadYourWrites.class);
  private static final String ATTRIBUTE = "wiki.readFloor";

  private final PositionCookie cookie;
  private final BooleanSupplier replicated;

  /**
   * @param cookie reads and writes the visitor's position
   * @param replicated true once the store reads replicas (positions are worth keeping)
   */
  ReadYourWrites(PositionCookie cookie, BooleanSupplier replicated) {
    this.cookie = requireNonNull(cookie, "cookie");
    this.replicated = requireNonNull(replicated, "replicated");
  }

  private record Scope(long floor, ReadFloor readFloor) {}

  /** Opens each request's floor before its handler and closes it after. */
  void register(Javalin app) {
    app.before(this::begin);
    app.after(this::end);
  }

  void begin(Context ctx) {
    int left = ReadFloor.closeLeftovers();
    if (left > 0) {
      LOG.warn("closed {} read floor(s) an earlier request of this thread left open", left);
    }
    long floor = cookie.read(ctx).orElse(0);
    ctx.attribute(ATTRIBUTE, new Scope(floor, ReadFloor.atLeast(floor)));
  }

  void end(Context ctx) {
    Scope scope = ctx.attribute(ATTRIBUTE);
    if (scope == null) {
      return;
    }
    try {
      long written = scope.readFloor().written();
      if (written > scope.floor() && replicated.getAsBoolean()) {
        cookie.write(ctx, written);
      }
    } finally {
      scope.readFloor().close();
    }
  }
}
