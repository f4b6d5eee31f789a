package org.wikicache.core.internal;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.wikicache.core.ChangeLog.RelayState;

/**
 * What one process has watched of the relays registered in a change log: since when each one's
 * version has not changed. A writer waits for the relays that have not reported its entries and
 * are not silent for longer than a lease; a relay takes one silent for much longer for dead.
 *
 * <p>Thread-safe.
 */
public final class RelayWatch {
  private record Seen(long version, long sinceNanos) {}

  private final ConcurrentHashMap<Long, Seen> seen = new ConcurrentHashMap<>();

  /**
   * How long a writer waits at most for relays of {@code lease}: the lease, plus ten percent
   * for clock rates and 50 ms for scheduling.
   */
  public static long settleNanos(Duration lease) {
    return lease.toNanos() + lease.toNanos() / 10 + TimeUnit.MILLISECONDS.toNanos(50);
  }

  /** How long relay {@code s} has kept its version, as far as this process has watched it. */
  public long silentNanos(RelayState s, long nowNanos) {
    return nowNanos - seen.compute(s.id(), (k, old) ->
        old != null && old.version() == s.version() ? old : new Seen(s.version(), nowNanos))
        .sinceNanos();
  }

  /**
   * The relays among {@code states}, but {@code self}, that have not reported {@code position}
   * and have not been silent for longer than {@code settleNanos}.
   */
  public int pending(List<RelayState> states, long position, long self, long settleNanos,
      long nowNanos) {
    int pending = 0;
    for (RelayState s : states) {
      if (s.id() != self && s.position() < position && silentNanos(s, nowNanos) <= settleNanos) {
        pending++;
      }
    }
    return pending;
  }

  /** Forgets relay {@code id} (it was removed from the registry). */
  public void forget(long id) {
    seen.remove(id);
  }

  /** Forgets every relay not among {@code states}. */
  public void retainOnly(List<RelayState> states) {
    Set<Long> present = new HashSet<>();
    for (RelayState s : states) {
      present.add(s.id());
    }
    seen.keySet().retainAll(present);
  }
}
