package org.wikicache.jdbc;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What the replicas of a {@link JdbcWiki} have done so far ({@link JdbcWiki#replicaStats()}).
 *
 * <p><b>Lag-safe reads</b> (the loads a caching layer may keep; see
 * {@link org.wikicache.core.LagAware}) are <em>allowed</em> on a replica that had replayed the
 * latest logged change of what they read, and <em>refused</em> (read on the primary) otherwise.
 * For comparison, each is also judged by the fixed hold-off rule of MediaWiki's WANObjectCache
 * and Facebook's memcache (no fill from a replica within {@link #holdOff()} of the value's last
 * change): {@link #holdOffSavedByLog()} counts fills the position rule allowed and the hold-off
 * would have refused; {@link #holdOffStale()} counts fills the hold-off would have allowed from a
 * replica that had not replayed the change (a stale value cached).
 *
 * @param replicas how many replicas the wiki has
 * @param healthy how many of them are usable now (up and within the maximum lag)
 * @param replicaReads reads served by a replica
 * @param primaryReads reads that could have used a replica and were served by the primary
 *     (refused for lag, below a read-your-writes floor, no usable replica, or a replica failed)
 * @param fillsAllowed lag-safe reads served by a replica
 * @param fillsRefused lag-safe reads refused by a replica that had not replayed the value's latest
 *     change
 * @param holdOffAllowed lag-safe reads the hold-off rule would have served from a replica
 * @param holdOffRefused lag-safe reads the hold-off rule would have refused
 * @param holdOffSavedByLog fills allowed by the position rule that the hold-off would have refused
 * @param holdOffStale fills the hold-off would have allowed from a replica that had not replayed
 *     the value's latest change
 * @param floorRefused reads sent to the primary because a replica was below the caller's
 *     {@linkplain ReadFloor read-your-writes floor}
 * @param failures replica reads or health checks that failed (the replica is then skipped until a
 *     check succeeds)
 * @param holdOff the hold-off window the comparison uses
 */
public record ReplicaStats(int replicas, int healthy, long replicaReads, long primaryReads,
    long fillsAllowed, long fillsRefused, long holdOffAllowed, long holdOffRefused,
    long holdOffSavedByLog, long holdOffStale, long floorRefused, long failures,
    Duration holdOff) {
  /** Validates the components: counts are never negative. */
  public ReplicaStats {
    checkArgument(replicas >= 0 && healthy >= 0 && healthy <= replicas,
        "healthy (%s) must be 0 to replicas (%s)", healthy, replicas);
    for (long n : new long[] {replicaReads, primaryReads, fillsAllowed, fillsRefused,
        holdOffAllowed, holdOffRefused, holdOffSavedByLog, holdOffStale, floorRefused,
        failures}) {
      checkArgument(n >= 0, "counts must not be negative");
    }
    requireNonNull(holdOff, "holdOff");
  }
}
