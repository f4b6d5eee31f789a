package org.wikicache.examples;

/**
 * A request that cannot be served, with the HTTP status and a message safe to show the user
 * (it is escaped when rendered). Thrown by handlers, turned into an error page or JSON.
 */
final class WebError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  WebError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }

  static WebError badRequest(String message) {
    return new WebError(400, message);
  }

  static WebError notFound(String message) {
    return new WebError(404, message);
  }

  static WebError forbidden(String message) {
    return new WebError(403, message);
  }
}
