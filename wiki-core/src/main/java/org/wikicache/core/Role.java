package org.wikicache.core;

/** What a user may do beyond editing. */
public enum Role {
  /** Receives mail about edits and sign-ups. The first account created is an admin. */
  ADMIN
}
