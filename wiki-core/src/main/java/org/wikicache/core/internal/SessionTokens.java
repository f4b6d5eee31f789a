package org.wikicache.core.internal;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import com.google.common.hash.Hashing;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.SessionStore;

/**
 * Session tokens, for every {@link SessionStore}: 256 random bits in URL-safe base64 (43
 * characters), their SHA-256 (what stores keep, 64 hex digits), and the argument checks of
 * {@code create}. Thread-safe.
 */
public final class SessionTokens {
  /** The random bytes of a token. */
  public static final int TOKEN_BYTES = 32;
  /** The characters of a token. */
  public static final int TOKEN_CHARS = 43;

  private static final SecureRandom RANDOM = new SecureRandom();

  private SessionTokens() {}

  /** A new random token. */
  public static String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** True if {@code token} looks like one this class makes: 43 URL-safe base64 characters. */
  public static boolean isWellFormed(@Nullable String token) {
    if (token == null || token.length() != TOKEN_CHARS) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The SHA-256 of a token, in 64 lower-case hex digits: what a store keeps. */
  public static String hash(String token) {
    requireNonNull(token, "token");
    return Hashing.sha256().hashString(token, US_ASCII).toString();
  }

  /** True if {@code value} looks like a {@link #hash}: 64 lower-case hex digits. */
  public static boolean isHash(String value) {
    return value.length() == 64 && value.chars().allMatch(
        c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  /**
   * Checks the arguments of {@link SessionStore#create}.
   *
   * @throws IllegalArgumentException if {@code userId} is not positive or {@code ttl} is not
   *     within 1 second to {@link SessionStore#MAX_TTL}
   */
  public static void checkCreate(long userId, Duration ttl) {
    checkArgument(userId > 0, "userId must be positive, was %s", userId);
    requireNonNull(ttl, "ttl");
    checkArgument(ttl.compareTo(Duration.ofSeconds(1)) >= 0
        && ttl.compareTo(SessionStore.MAX_TTL) <= 0,
        "ttl must be 1 second to %s, was %s", SessionStore.MAX_TTL, ttl);
  }
}
