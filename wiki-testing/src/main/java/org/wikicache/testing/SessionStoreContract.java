package org.wikicache.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wikicache.core.Session;
import org.wikicache.core.SessionStore;

/**
 * The behaviour every {@link SessionStore} must show, caching decorators included: a session is
 * found by its token until it expires (by the store's clock) or is deleted, and from the instant
 * it expires or its delete returns, never again, even when it was read (and so cached) just
 * before. Subclass it once per implementation and return a fresh, empty store whose clock is the
 * given one from {@link #createStore}.
 */
public abstract class SessionStoreContract {
  /** Where the clock of every test starts: a whole second, which every database keeps exactly. */
  protected static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  /**
   * A fresh, empty store for one test, that checks expiry against {@code clock} (a decorator:
   * the decorator and the store it decorates both use {@code clock}).
   */
  protected abstract SessionStore createStore(MutableClock clock) throws Exception;

  /** Releases what {@link #createStore} made; called after each test. */
  protected void closeStore() throws Exception {}

  protected MutableClock clock;
  protected SessionStore sessions;

  @BeforeEach
  void create() throws Exception {
    clock = new MutableClock(START);
    sessions = createStore(clock);
  }

  @AfterEach
  void close() throws Exception {
    closeStore();
  }

  @Test
  void aCreatedSessionIsFoundByItsToken() {
    Session s = sessions.create(42, Duration.ofDays(7));

    assertThat(s.userId()).isEqualTo(42);
    assertThat(s.created()).isEqualTo(START);
    assertThat(s.expires()).isEqualTo(START.plus(Duration.ofDays(7)));
    assertThat(s.token()).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(sessions.find(s.token())).contains(s);
    assertThat(sessions.find(s.token())).contains(s);  // again: through a cache, a hit
  }

  @Test
  void tokensAreFreshEachTimeAndNotDerivedFromTheUser() {
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      tokens.add(sessions.create(7, Duration.ofHours(1)).token());
    }
    assertThat(tokens).hasSize(50);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "x", "not a token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "ééééééééééééééééééééééééééééééééééééééééééé", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n"})
  void unknownAndMalformedTokensFindNothing(String token) {
    sessions.create(1, Duration.ofHours(1));

    assertThat(sessions.find(token)).isEmpty();
    assertThat(sessions.find(token)).isEmpty();
    assertThat(sessions.delete(token)).isFalse();
  }

  @Test
  void nullFindsNothingAndDeletesNothing() {
    assertThat(sessions.find(null)).isEmpty();
    assertThat(sessions.delete(null)).isFalse();
  }

  @Test
  void aLongTokenFindsNothing() {
    assertThat(sessions.find("A".repeat(100_000))).isEmpty();
  }

  @Test
  void expiryIsImmediateEvenForASessionReadJustBefore() {
    Session s = sessions.create(42, Duration.ofMinutes(30));
    clock.advance(Duration.ofMinutes(30).minusMillis(1));
    assertThat(sessions.find(s.token())).contains(s);

    clock.advance(Duration.ofMillis(1));

    assertThat(sessions.find(s.token())).isEmpty();
    clock.advance(Duration.ofDays(1));
    assertThat(sessions.find(s.token())).isEmpty();
  }

  @Test
  void deleteEndsTheSessionAtOnceEvenForASessionReadJustBefore() {
    Session s = sessions.create(42, Duration.ofDays(7));
    assertThat(sessions.find(s.token())).isPresent();
    assertThat(sessions.find(s.token())).isPresent();

    assertThat(sessions.delete(s.token())).isTrue();

    assertThat(sessions.find(s.token())).isEmpty();
    assertThat(sessions.delete(s.token())).isFalse();
  }

  @Test
  void deletingOneSessionLeavesTheUsersOtherSessions() {
    Session laptop = sessions.create(42, Duration.ofDays(7));
    Session phone = sessions.create(42, Duration.ofDays(7));
    Session other = sessions.create(43, Duration.ofDays(7));

    sessions.delete(laptop.token());

    assertThat(sessions.find(laptop.token())).isEmpty();
    assertThat(sessions.find(phone.token())).contains(phone);
    assertThat(sessions.find(other.token())).contains(other);
  }

  @Test
  void badArgumentsAreRefused() {
    assertThatThrownBy(() -> sessions.create(0, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sessions.create(-1, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sessions.create(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sessions.create(1, Duration.ofSeconds(-5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sessions.create(1, SessionStore.MAX_TTL.plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sessions.create(1, null))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void theTokenIsNotInTheSessionsText() {
    Session s = sessions.create(42, Duration.ofDays(7));
    assertThat(s.toString()).doesNotContain(s.token());
  }

  @Test
  void concurrentCreatesFindsAndDeletesKeepEverySessionApart() throws Exception {
    List<Boolean> ok = Concurrently.run(8, () -> {
      for (int i = 0; i < 25; i++) {
        Session s = sessions.create(1 + i, Duration.ofHours(1));
        Optional<Session> found = sessions.find(s.token());
        if (!found.equals(Optional.of(s)) || !sessions.delete(s.token())
            || sessions.find(s.token()).isPresent()) {
          return false;
        }
      }
      return true;
    });
    assertThat(ok).containsOnly(true);
  }
}
