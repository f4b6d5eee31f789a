package org.wikicache.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.wikicache.examples.FakeClock;

/**
 * The signed double-submit token: accepted only with an equal cookie, unaltered, signed with the
 * server's key and younger than its maximum age. (That the server sets and reads the cookie is
 * tested over HTTP, in WikiServerHttpTest and BlackBoxTest.)
 */
class CsrfCookieTest {
  private final FakeClock clock = new FakeClock();
  private final SigningKey key = SigningKey.random();
  private final CsrfCookie csrf =
      new CsrfCookie(key, new Cookies(false), Duration.ofHours(1), clock);

  @Test
  void aTokenIsAcceptedWithAnEqualCookieOnly() {
    String token = csrf.newToken();
    assertThat(csrf.matchesCookie(token, token)).isTrue();
    assertThat(csrf.matchesCookie(token, null)).isFalse();
    assertThat(csrf.matchesCookie(null, token)).isFalse();
    assertThat(csrf.matchesCookie(token, token + "x")).isFalse();
    String other = csrf.newToken();
    assertThat(other).isNotEqualTo(token);
    assertThat(csrf.matchesCookie(token, other)).isFalse();  // another visitor's token
    assertThat(csrf.cookieName()).isEqualTo("wiki_csrf");
  }

  @Test
  void aForgedOrForeignCookieIsRefusedEvenWhenTheFormMatchesIt() {
    String token = csrf.newToken();
    String payload = token.substring(0, token.indexOf('.'));
    // an attacker who plants a cookie of their choosing (from a sibling domain, say)
    String forged = payload + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(new byte[32]);
    assertThat(csrf.matchesCookie(forged, forged)).isFalse();
    // a token signed with another server's key
    String theirs = new CsrfCookie(SigningKey.random(), new Cookies(false),
        Duration.ofHours(1), clock).newToken();
    assertThat(csrf.matchesCookie(theirs, theirs)).isFalse();
    for (String junk : new String[] {"", ".", "a.b", "x".repeat(500), "é.é", token + "."}) {
      assertThat(csrf.matchesCookie(junk, junk)).as(junk).isFalse();
    }
  }

  @Test
  void tokensExpireAndServersWithTheSameKeyAgree() {
    CsrfCookie twin = new CsrfCookie(key, new Cookies(false), Duration.ofHours(1), clock);
    String token = csrf.newToken();
    assertThat(twin.matchesCookie(token, token)).isTrue();
    clock.now = clock.now.plus(Duration.ofMinutes(59));
    assertThat(csrf.matchesCookie(token, token)).isTrue();
    clock.now = clock.now.plus(Duration.ofMinutes(1));
    assertThat(csrf.valid(token)).isFalse();
    clock.now = Instant.parse("2024-12-31T23:00:00Z");  // issued in the future: refused
    assertThat(csrf.valid(token)).isFalse();
  }

  @Test
  void behindHttpsTheCookieIsHostOnly() {
    assertThat(new CsrfCookie(key, new Cookies(true), Duration.ofHours(1), clock).cookieName())
        .isEqualTo("__Host-wiki_csrf");
  }

  @Test
  void keysAreAtLeast32BytesOfBase64() {
    assertThat(SigningKey.fromBase64(Base64.getEncoder().encodeToString(new byte[32])).current()
        .getEncoded()).hasSize(32);
    assertThat(SigningKey.fromBase64(Base64.getUrlEncoder().encodeToString(new byte[40]))
        .current().getEncoded()).hasSize(40);
    assertThatThrownBy(() -> SigningKey.fromBase64(Base64.getEncoder()
        .encodeToString(new byte[31]))).hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> SigningKey.fromBase64("not base64!")).hasMessageContaining("base64");
  }
}
