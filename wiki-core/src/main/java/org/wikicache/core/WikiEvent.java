package org.wikicache.core;

import static java.util.Objects.requireNonNull;

/** Something admins hear about. */
public sealed interface WikiEvent {
  /**
   * A page got a new revision.
   *
   * @param revision the new revision
   */
  record PageEdited(RevisionInfo revision) implements WikiEvent {
    /** Validates the revision. */
    public PageEdited {
      requireNonNull(revision, "revision");
    }
  }

  /**
   * A user signed up.
   *
   * @param user the new account
   */
  record UserSignedUp(User user) implements WikiEvent {
    /** Validates the user. */
    public UserSignedUp {
      requireNonNull(user, "user");
    }
  }
}
