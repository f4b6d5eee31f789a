package org.wikicache.examples.web;

import static com.google.common.base.Preconditions.checkArgument;

import io.javalin.http.Context;
import java.time.Duration;

/**
 * Writes the server's cookies, all with the same safe attributes: {@code Path=/},
 * {@code HttpOnly}, {@code SameSite=Lax}, and {@code Secure} when the server is reached over
 * https.
 *
 * <pre>{@code
 * Cookies cookies = new Cookies(true);
 * cookies.set(ctx, "wiki_session", id, Duration.ofDays(7));
 * cookies.clear(ctx, "wiki_session");
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Cookies {
  private final boolean secure;

  /** @param secure whether cookies are sent over https only */
  public Cookies(boolean secure) {
    this.secure = secure;
  }

  /** Whether the cookies are {@code Secure}. */
  public boolean secure() {
    return secure;
  }

  /** Sets cookie {@code name} to {@code value} for {@code maxAge}. */
  public void set(Context ctx, String name, String value, Duration maxAge) {
    checkArgument(value.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ';' && c != ','
        && c != '"' && c != '\\'), "a cookie value must be plain ASCII");
    ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; Max-Age="
        + maxAge.toSeconds() + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
  }

  /** Deletes cookie {@code name} in the browser. */
  public void clear(Context ctx, String name) {
    ctx.res().addHeader("Set-Cookie", name + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
        + (secure ? "; Secure" : ""));
  }
}
