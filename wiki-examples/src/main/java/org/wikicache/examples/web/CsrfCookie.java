package org.wikicache.examples.web;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;

/**
 * CSRF protection for visitors who have no session (the login and sign-up forms), with no state
 * on the server: a signed double-submit cookie. The token is a random nonce and its issue time,
 * signed with HMAC-SHA256 under the server's {@link SigningKey}; it is set as a cookie and put in
 * the form. A post is accepted only if the form's token equals the cookie's and the signature and
 * age check out. A cross-site page cannot read the cookie to copy it into its form, and cannot
 * plant a cookie of its own (from a sibling domain, say), since it cannot sign one.
 *
 * <p>Behind https the cookie is named {@code __Host-wiki_csrf}, which browsers only accept from
 * the host itself over https.
 *
 * <pre>{@code
 * String token = csrf.token(ctx);          // in the GET handler: put it in the form
 * if (!csrf.matches(ctx, form.get("csrf"))) throw WebError.forbidden("...");   // in the POST
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class CsrfCookie {
  private static final int NONCE_BYTES = 16;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final int MAX_TOKEN_CHARS = 100;

  private final SigningKey key;
  private final Cookies cookies;
  private final String name;
  private final Duration maxAge;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param key signs the tokens
   * @param cookies writes the cookie (its {@code Secure} setting picks the cookie's name)
   * @param maxAge how long a form stays valid, at least a minute
   * @param clock the time of issue and of checking
   */
  public CsrfCookie(SigningKey key, Cookies cookies, Duration maxAge, Clock clock) {
    this.key = requireNonNull(key, "key");
    this.cookies = requireNonNull(cookies, "cookies");
    checkArgument(maxAge.compareTo(Duration.ofMinutes(1)) >= 0, "maxAge must be >= 1 minute");
    this.maxAge = maxAge;
    this.clock = requireNonNull(clock, "clock");
    this.name = cookies.secure() ? "__Host-wiki_csrf" : "wiki_csrf";
  }

  /** The cookie's name. */
  public String cookieName() {
    return name;
  }

  /**
   * The token to put in a form: the visitor's current one if its cookie is valid, else a new one,
   * which is set as the cookie.
   */
  public String token(Context ctx) {
    String current = ctx.cookie(name);
    if (current != null && valid(current)) {
      return current;
    }
    String token = newToken();
    cookies.set(ctx, name, token, maxAge);
    return token;
  }

  /** True if {@code formToken} equals the visitor's cookie and that cookie is valid. */
  public boolean matches(Context ctx, @Nullable String formToken) {
    return matchesCookie(ctx.cookie(name), formToken);
  }

  /** True if both tokens are there, equal, and signed by this server's key and not too old. */
  boolean matchesCookie(@Nullable String cookie, @Nullable String formToken) {
    return cookie != null && formToken != null
        && MessageDigest.isEqual(cookie.getBytes(US_ASCII), formToken.getBytes(US_ASCII))
        && valid(cookie);
  }

  /** A new token: a random nonce and the time, signed. */
  String newToken() {
    byte[] payload = ByteBuffer.allocate(NONCE_BYTES + Long.BYTES)
        .put(nonce()).putLong(clock.instant().getEpochSecond()).array();
    String body = B64.encodeToString(payload);
    return body + "." + sign(body);
  }

  /** Deletes the cookie (after a login, the session's token takes over). */
  public void clear(Context ctx) {
    if (ctx.cookie(name) != null) {
      cookies.clear(ctx, name);
    }
  }

  /** True if {@code token} is signed with this server's key and not too old. */
  boolean valid(String token) {
    if (token.length() > MAX_TOKEN_CHARS) {
      return false;
    }
    int dot = token.indexOf('.');
    if (dot < 0) {
      return false;
    }
    String body = token.substring(0, dot);
    String mac = token.substring(dot + 1);
    if (!MessageDigest.isEqual(sign(body).getBytes(US_ASCII), mac.getBytes(US_ASCII))) {
      return false;
    }
    Optional<Instant> issued = issued(body);
    Instant now = clock.instant();
    return issued.isPresent() && !issued.get().isAfter(now.plusSeconds(60))
        && issued.get().plus(maxAge).isAfter(now);
  }

  private static Optional<Instant> issued(String body) {
    try {
      byte[] payload = Base64.getUrlDecoder().decode(body);
      if (payload.length != NONCE_BYTES + Long.BYTES) {
        return Optional.empty();
      }
      return Optional.of(Instant.ofEpochSecond(ByteBuffer.wrap(payload, NONCE_BYTES, Long.BYTES)
          .getLong()));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      return Optional.empty();
    }
  }

  private String sign(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key.current());
      mac.update("wiki-csrf:".getBytes(US_ASCII));
      return B64.encodeToString(mac.doFinal(body.getBytes(US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private byte[] nonce() {
    byte[] bytes = new byte[NONCE_BYTES];
    random.nextBytes(bytes);
    return bytes;
  }
}
