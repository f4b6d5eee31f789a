package org.wikicache.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the router records: methods per path, the segments routes own, the catch-all last. */
class RouterTest {
  @Test
  void recordsMethodsAndOwnedSegments() {
    Router router = new Router(Javalin.create(), new Gate(1, Duration.ZERO));
    router.get("/", ctx -> { });
    router.get("/Login", ctx -> { });
    router.post("/login", 100, (ctx, form) -> { });
    router.post("/logout", 100, (ctx, form) -> { });
    router.get("/api/pages/<page>", ctx -> { });
    router.get("/_edit/<page>", ctx -> { });
    router.get("/{user}/x", ctx -> { });
    router.finish("/<page>", ctx -> { });
    assertThat(router.ownedSegments()).containsExactly("api", "login", "logout");
    assertThat(router.methods("/login")).containsExactly(HandlerType.POST);
    assertThat(router.methods("/Login")).containsExactlyInAnyOrder(HandlerType.GET,
        HandlerType.HEAD);
    assertThat(router.paths()).endsWith("/<page>");
    assertThatThrownBy(() -> router.get("/late", ctx -> { }))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aRouteIsRegisteredOnce() {
    Router router = new Router(Javalin.create(), new Gate(1, Duration.ZERO));
    router.get("/a", ctx -> { });
    assertThatThrownBy(() -> router.get("/a", ctx -> { }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> router.post("/b", 0, (ctx, form) -> { }))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
