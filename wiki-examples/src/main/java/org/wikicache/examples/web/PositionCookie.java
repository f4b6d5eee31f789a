package org.wikicache.examples.web;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.OptionalLong;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;

/**
 * Read-your-writes with no state on the server: the database position of a visitor's last write
 * (a change log position), kept in a cookie signed with HMAC-SHA256 under the server's
 * {@link SigningKey}, so that the visitor's next requests, on whichever server they land, read
 * nothing older than that write (MediaWiki's ChronologyProtector keeps the same position). The
 * value is {@code position.issued.mac}; a cookie that is not signed by this key, or older than
 * its maximum age, counts as absent, so nobody can make a server send every read to the primary
 * by forging a huge position.
 *
 * <pre>{@code
 * long floor = positions.read(ctx).orElse(0);           // at the start of a request
 * positions.write(ctx, scope.written());                // after it wrote something
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class PositionCookie {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final int MAX_COOKIE_CHARS = 120;

  private final SigningKey key;
  private final Cookies cookies;
  private final String name;
  private final Duration maxAge;
  private final Clock clock;

  /**
   * @param key signs the positions
   * @param cookies writes the cookie (its {@code Secure} setting picks the cookie's name)
   * @param maxAge how long a position is kept: at least the replicas' usual lag, 1 s to 1 day
   * @param clock the time of issue and of checking
   */
  public PositionCookie(SigningKey key, Cookies cookies, Duration maxAge, Clock clock) {
    this.key = requireNonNull(key, "key");
    this.cookies = requireNonNull(cookies, "cookies");
    checkArgument(maxAge.compareTo(Duration.ofSeconds(1)) >= 0
        && maxAge.compareTo(Duration.ofDays(1)) <= 0, "maxAge must be 1 s to 1 day");
    this.maxAge = maxAge;
    this.clock = requireNonNull(clock, "clock");
    this.name = cookies.secure() ? "__Host-wiki_pos" : "wiki_pos";
  }

  /** The cookie's name. */
  public String cookieName() {
    return name;
  }

  /** The position in the visitor's cookie, if it has a valid one. */
  public OptionalLong read(Context ctx) {
    return parse(ctx.cookie(name));
  }

  /** Sets the visitor's cookie to {@code position} (positive). */
  public void write(Context ctx, long position) {
    checkArgument(position > 0, "position must be positive, was %s", position);
    cookies.set(ctx, name, format(position), maxAge);
  }

  /** The cookie value for {@code position}, issued now. */
  String format(long position) {
    String body = position + "." + clock.instant().getEpochSecond();
    return body + "." + sign(body);
  }

  /** The position in {@code value}, if it is signed by this key and not too old. */
  OptionalLong parse(@Nullable String value) {
    if (value == null || value.length() > MAX_COOKIE_CHARS) {
      return OptionalLong.empty();
    }
    int mac = value.lastIndexOf('.');
    int dot = value.indexOf('.');
    if (dot <= 0 || mac <= dot) {
      return OptionalLong.empty();
    }
    String body = value.substring(0, mac);
    if (!MessageDigest.isEqual(sign(body).getBytes(US_ASCII),
        value.substring(mac + 1).getBytes(US_ASCII))) {
      return OptionalLong.empty();
    }
    try {
      long position = Long.parseLong(value.substring(0, dot));
      long issued = Long.parseLong(value.substring(dot + 1, mac));
      long now = clock.instant().getEpochSecond();
      if (position <= 0 || issued > now + 60 || issued + maxAge.toSeconds() < now) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(position);
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private String sign(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key.current());
      mac.update("wiki-position:".getBytes(US_ASCII));
      return B64.encodeToString(mac.doFinal(body.getBytes(US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
