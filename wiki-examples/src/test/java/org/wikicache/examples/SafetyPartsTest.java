package org.wikicache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.wikicache.core.InMemorySessionStore;
import org.wikicache.core.User;
import org.wikicache.examples.web.SigningKey;

/** The server's small parts: throttle, sessions, paths. */
class SafetyPartsTest {
  @Test
  void throttleLocksOutAfterMaxFailuresUntilTheWindowPasses() {
    FakeClock clock = new FakeClock();
    LoginThrottle t = new LoginThrottle(3, Duration.ofMinutes(1), 100, clock);
    t.failure("k");
    t.failure("k");
    assertThat(t.retryAfter("k")).isEmpty();
    t.failure("k");
    assertThat(t.retryAfter("k")).hasValue(Duration.ofMinutes(1));
    clock.now = clock.now.plusSeconds(59);
    assertThat(t.retryAfter("k")).hasValue(Duration.ofSeconds(1));
    clock.now = clock.now.plusSeconds(1);
    assertThat(t.retryAfter("k")).isEmpty();
    t.failure("k");
    t.success("k");
    assertThat(t.size()).isZero();
  }

  @Test
  void throttleIsBounded() {
    LoginThrottle t = new LoginThrottle(1, Duration.ofMinutes(1), 10, new FakeClock());
    for (int i = 0; i < 1000; i++) {
      t.failure("k" + i);
    }
    assertThat(t.size()).isEqualTo(10);
    assertThat(t.retryAfter("k999")).isPresent();
    assertThat(t.retryAfter("k0")).isEmpty();
  }

  @Test
  void sessionsLiveInTheStoreAndTheirCsrfTokenIsDerivedFromTheKey() {
    FakeClock clock = new FakeClock();
    InMemorySessionStore store = new InMemorySessionStore(clock);
    SigningKey key = SigningKey.random();
    LongFunction<Optional<User>> users = id -> id == 7
        ? Optional.of(new User(7, "ada", "", "", "", Set.of(), clock.instant()))
        : Optional.empty();
    Sessions s = new Sessions(() -> store, key, Duration.ofHours(1), users, store::size);
    Sessions other = new Sessions(() -> store, key, Duration.ofHours(1), users, store::size);
    Sessions.Session a = s.create(7, "ada");
    assertThat(a.id()).hasSize(43).isNotEqualTo(a.csrf());
    assertThat(s.find(a.id())).hasValue(a);
    assertThat(other.find(a.id())).hasValue(a);  // another server: same session, same token
    assertThat(new Sessions(() -> store, SigningKey.random(), Duration.ofHours(1), users,
        store::size).find(a.id()).orElseThrow().csrf()).isNotEqualTo(a.csrf());
    assertThat(a.csrfMatches(a.csrf())).isTrue();
    assertThat(a.csrfMatches(a.id())).isFalse();
    assertThat(a.csrfMatches(null)).isFalse();
    clock.now = clock.now.plus(Duration.ofMinutes(59));
    assertThat(s.find(a.id())).isPresent();
    clock.now = clock.now.plus(Duration.ofMinutes(1));
    assertThat(s.find(a.id())).isEmpty();
    Sessions.Session b = s.create(7, "ada");
    s.invalidate(b.id());
    assertThat(other.find(b.id())).isEmpty();
    assertThat(s.find(s.create(8, "gone").id())).isEmpty();  // no such user any more
    assertThat(s.find("x".repeat(1000))).isEmpty();
    assertThat(s.find(null)).isEmpty();
  }

  @Test
  void pathsArePercentEncoded() {
    assertThat(Paths.encode("Java/Records")).isEqualTo("Java/Records");
    assertThat(Paths.encode("a b?c#d\"<")).isEqualTo("a%20b%3Fc%23d%22%3C");
    assertThat(Paths.encode("Zürich")).isEqualTo("Z%C3%BCrich");
  }
}
