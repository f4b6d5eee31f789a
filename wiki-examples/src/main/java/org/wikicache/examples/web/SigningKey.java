package org.wikicache.examples.web;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Where the server's HMAC-SHA256 key comes from: the key that signs what the server hands to
 * visitors who have no session (the CSRF cookie of the login and sign-up forms). Every server
 * behind one load balancer must use the same key, or a form served by one is refused by another.
 *
 * <p>The example server takes the key given as an option ({@link #fromBase64}); else, on a
 * database, the key stored there on first start ({@code JdbcWiki#sharedSecret}, {@link
 * #fromBytes}), which every server of the database reads; else (in memory) a random one
 * ({@link #random()}).
 *
 * <pre>{@code
 * SigningKey key = SigningKey.fromBase64(System.getenv("WIKI_SIGNING_KEY"));
 * }</pre>
 *
 * <p>Implementations are thread-safe; {@link #current()} is called for each signature, so it
 * should be cheap (cache the key).
 */
@FunctionalInterface
public interface SigningKey {
  /** The fewest key bytes accepted (256 bits, the size of the HMAC-SHA256 output). */
  int MIN_BYTES = 32;

  /** The key to sign and verify with now. */
  SecretKey current();

  /** A random 256-bit key, made once: valid until the process ends. */
  static SigningKey random() {
    byte[] bytes = new byte[MIN_BYTES];
    new SecureRandom().nextBytes(bytes);
    SecretKey key = new SecretKeySpec(bytes, "HmacSHA256");
    return () -> key;
  }

  /**
   * A fixed key, given as bytes (copied).
   *
   * @throws IllegalArgumentException if shorter than {@value #MIN_BYTES} bytes
   */
  static SigningKey fromBytes(byte[] bytes) {
    requireNonNull(bytes, "bytes");
    checkArgument(bytes.length >= MIN_BYTES,
        "the signing key must have at least %s bytes, had %s", MIN_BYTES, bytes.length);
    SecretKey key = new SecretKeySpec(bytes.clone(), "HmacSHA256");
    return () -> key;
  }

  /**
   * A fixed key, given in base64 (standard or URL-safe alphabet).
   *
   * @throws IllegalArgumentException if it is not base64 or shorter than {@value #MIN_BYTES} bytes
   */
  static SigningKey fromBase64(String base64) {
    requireNonNull(base64, "base64");
    byte[] bytes;
    try {
      bytes = base64.indexOf('-') >= 0 || base64.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(base64.strip())
          : Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the signing key is not base64");
    }
    checkArgument(bytes.length >= MIN_BYTES,
        "the signing key must have at least %s bytes, had %s", MIN_BYTES, bytes.length);
    SecretKey key = new SecretKeySpec(bytes, "HmacSHA256");
    return () -> key;
  }
}
