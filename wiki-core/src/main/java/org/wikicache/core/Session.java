package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.wikicache.core.internal.SessionTokens;

/**
 * A logged-in session, as a {@link SessionStore} hands it out.
 *
 * @param token the opaque secret that names the session (the cookie's value); stores keep only a
 *     hash of it
 * @param userId who is logged in
 * @param created when the session began
 * @param expires when it ends: from this instant on, no store returns it
 */
public record Session(String token, long userId, Instant created, Instant expires) {
  /** Validates every component. */
  public Session {
    requireNonNull(token, "token");
    checkArgument(SessionTokens.isWellFormed(token), "not a session token");
    checkArgument(userId > 0, "userId must be positive, was %s", userId);
    requireNonNull(created, "created");
    requireNonNull(expires, "expires");
    checkArgument(expires.isAfter(created), "expires (%s) must be after created (%s)", expires,
        created);
  }

  /** True if the session has not yet expired at {@code now}. */
  public boolean isLiveAt(Instant now) {
    return now.isBefore(expires);
  }

  /** The token is a secret: it is left out. */
  @Override
  public String toString() {
    return "Session[userId=" + userId + ", created=" + created + ", expires=" + expires + "]";
  }
}
