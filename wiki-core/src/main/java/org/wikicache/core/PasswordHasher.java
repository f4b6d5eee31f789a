package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Slow, salted password hashing with PBKDF2-HMAC-SHA256 from the JDK, in a self-describing
 * format ({@code pbkdf2-sha256$iterations$salt$hash}) so the cost can be raised later without
 * breaking old hashes.
 *
 * <p>{@link #verify} compares in constant time, and {@link #verifyNothing} spends the same time
 * when there is no user, so a login's timing does not tell whether a username exists.
 *
 * <p>Thread-safe.
 *
 * <pre>{@code
 * PasswordHasher hasher = PasswordHasher.DEFAULT;
 * String stored = hasher.hash("correct horse");
 * hasher.verify("correct horse", stored);   // true
 * }</pre>
 */
public final class PasswordHasher {
  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 600_000;
  /** The production hasher. */
  public static final PasswordHasher DEFAULT = new PasswordHasher(DEFAULT_ITERATIONS);

  private static final String PREFIX = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;

  private final int iterations;
  private final SecureRandom random = new SecureRandom();
  private volatile @Nullable String dummyHash;  // made on first use: hashing is slow at start-up

  /**
   * A hasher with a chosen cost. Tests may lower it to keep sign-ups fast; production should keep
   * {@link #DEFAULT_ITERATIONS} or more.
   *
   * @throws IllegalArgumentException if {@code iterations < 1}
   */
  public PasswordHasher(int iterations) {
    checkArgument(iterations >= 1, "iterations must be >= 1, was %s", iterations);
    this.iterations = iterations;
  }

  /** A new salted hash of {@code password}. */
  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
        + b64.encodeToString(hash);
  }

  /** True if {@code password} matches {@code stored}; false also for a malformed hash. */
  public boolean verify(String password, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals(PREFIX)) {
      return false;
    }
    try {
      int storedIterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      if (storedIterations < 1) {
        return false;
      }
      return MessageDigest.isEqual(expected, derive(password, salt, storedIterations));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Spends the time of one {@link #verify} and returns false: used when no user matched. */
  public boolean verifyNothing(String password) {
    String dummy = dummyHash;
    if (dummy == null) {
      dummy = hash("not a real password");
      dummyHash = dummy;
    }
    verify(password, dummy);
    return false;
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
