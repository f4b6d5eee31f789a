package org.wikicache.jdbc;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import org.jspecify.annotations.Nullable;

/**
 * Read-your-writes for one request: while this scope is open, the calling thread's reads of a
 * {@link JdbcWiki} with replicas use a replica only if it has replayed the change log through
 * {@link #floor()}; reads below it go to the primary. Writes the thread commits inside the scope
 * raise the floor to their own position ({@link #written()}), so what is read after them in the
 * same scope shows them too. Made by {@link JdbcWiki#readingAtLeast(long)}; as MediaWiki's
 * ChronologyProtector, a server keeps {@link #written()} with the user (in a cookie, say) and
 * opens the next request's scope at that position, on whichever server it lands.
 *
 * <pre>{@code
 * try (ReadFloor scope = db.readingAtLeast(positionFromCookie)) {
 *   handle(request);                       // reads see every write through that position
 *   if (scope.written() > 0) rememberInCookie(scope.written());
 * }
 * }</pre>
 *
 * <p>Scopes nest (an inner one starts at least at the outer one's floor, and its writes raise the
 * outer one's too); {@link #close()} restores the outer one. Not thread-safe: a scope belongs to
 * the thread that opened it and must be closed by it.
 */
public final class ReadFloor implements AutoCloseable {
  private static final ThreadLocal<@Nullable ReadFloor> CURRENT = new ThreadLocal<>();

  private final @Nullable ReadFloor outer;
  private final Thread owner;
  private long floor;
  private long written;
  private boolean closed;

  private ReadFloor(long floor, @Nullable ReadFloor outer) {
    this.outer = outer;
    this.owner = Thread.currentThread();
    this.floor = outer == null ? floor : Math.max(floor, outer.floor);
  }

  /**
   * Opens a scope at {@code position} in the calling thread; it applies to every
   * {@link JdbcWiki} the thread reads (as {@link JdbcWiki#readingAtLeast}, which calls this).
   *
   * @throws IllegalArgumentException if {@code position} is negative
   */
  public static ReadFloor atLeast(long position) {
    checkArgument(position >= 0, "position must be >= 0, was %s", position);
    ReadFloor scope = new ReadFloor(position, CURRENT.get());
    CURRENT.set(scope);
    return scope;
  }

  /** The change log position reads must have replayed: the opening position or a later write. */
  public long floor() {
    return floor;
  }

  /** The position of the newest write committed in this scope; 0 if none. */
  public long written() {
    return written;
  }

  /** Ends the scope: the thread's reads go back to the outer scope's floor, if any. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    checkState(Thread.currentThread() == owner, "a ReadFloor must be closed by its own thread");
    closed = true;
    if (CURRENT.get() == this) {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  /**
   * Closes every scope the calling thread left open, innermost first, and returns how many. A
   * server whose threads serve one request after another calls it as a request begins, so that
   * a request that ended without closing its scope (an error path) cannot hold later ones back.
   */
  public static int closeLeftovers() {
    int closed = 0;
    for (ReadFloor scope = CURRENT.get(); scope != null; scope = CURRENT.get()) {
      scope.closed = true;
      if (scope.outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(scope.outer);
      }
      closed++;
    }
    return closed;
  }

  /** The floor of the calling thread's open scope; 0 if none. */
  static long currentFloor() {
    ReadFloor scope = CURRENT.get();
    return scope == null ? 0 : scope.floor;
  }

  /** Records that the calling thread committed a write through {@code position}. */
  static void wrote(long position) {
    for (ReadFloor scope = CURRENT.get(); scope != null; scope = scope.outer) {
      scope.written = Math.max(scope.written, position);
      scope.floor = Math.max(scope.floor, position);
    }
  }

  @Override
  public String toString() {
    return "ReadFloor[floor=" + floor + ", written=" + written + "]";
  }
}
