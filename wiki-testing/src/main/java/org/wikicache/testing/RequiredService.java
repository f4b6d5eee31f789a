package org.wikicache.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * What a test does when a real service it needs (PostgreSQL, MariaDB, memcached, Chromium) is
 * missing: under {@code CI=true} the test fails, because CI must prove the integration runs;
 * elsewhere it is skipped with a message that says how to get the service.
 */
public final class RequiredService {
  private RequiredService() {}

  /** True when running under CI ({@code CI=true} in the environment). */
  public static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Fails (under CI) or aborts (elsewhere) the current test because {@code service} is missing.
   *
   * @param service what is missing, e.g. "PostgreSQL at 127.0.0.1:5432"
   * @param howToGet one sentence telling a developer how to provide it
   * @param cause why the probe failed, may be null
   */
  public static <T> T missing(String service, String howToGet, Throwable cause) {
    String message = service + " is not available"
        + (cause == null ? "" : " (" + cause + ")") + ". " + howToGet;
    if (underCi()) {
      return fail("CI=true: " + message, cause);
    }
    abort(message);
    throw new AssertionError("unreachable");
  }
}
