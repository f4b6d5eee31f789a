package org.wikicache.examples.web;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;

/**
 * A request that cannot be served, with its 4xx status, a message safe to show the user (it is
 * escaped when rendered) and any headers the answer needs ({@code Allow}, {@code Retry-After}).
 * Handlers throw it; the server turns it into an error page, or JSON under {@code /api/}.
 *
 * <pre>{@code
 * throw WebError.badRequest("Missing or bad number for v.");
 * }</pre>
 *
 * <p>Immutable and thread-safe. It carries no stack trace: it is an answer, not a fault.
 */
public final class WebError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final Map<String, String> headers;

  /**
   * @param status a 4xx status
   * @param message what went wrong, in words for the user
   * @param headers headers to add to the answer
   */
  public WebError(int status, String message, Map<String, String> headers) {
    super(message, null, false, false);
    checkArgument(status >= 400 && status < 500, "a WebError is a 4xx, was %s", status);
    this.status = status;
    this.headers = Map.copyOf(headers);
  }

  /** A 4xx with no extra headers. */
  public WebError(int status, String message) {
    this(status, message, Map.of());
  }

  /** The HTTP status, 400–499. */
  public int status() {
    return status;
  }

  /** Headers to add to the answer, e.g. {@code Retry-After}. */
  public Map<String, String> headers() {
    return headers;
  }

  /** 400: the request is malformed or a value is out of range. */
  public static WebError badRequest(String message) {
    return new WebError(400, message);
  }

  /** 403: a missing or wrong CSRF token, or not allowed for this user. */
  public static WebError forbidden(String message) {
    return new WebError(403, message);
  }

  /** 404: no such page, revision or user. */
  public static WebError notFound(String message) {
    return new WebError(404, message);
  }

  /** 413: the body is larger than this route accepts. */
  public static WebError tooLarge(String message) {
    return new WebError(413, message);
  }

  /** 429: too busy or too many attempts; try again after {@code seconds}. */
  public static WebError tryLater(String message, long seconds) {
    return new WebError(429, message, Map.of("Retry-After", Long.toString(Math.max(1, seconds))));
  }
}
