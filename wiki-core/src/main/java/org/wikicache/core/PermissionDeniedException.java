package org.wikicache.core;

/**
 * A user tried something their account may not do: an edit of a protected page without
 * {@link Role#ADMIN}, any change by a blocked user, or an admin's action (delete, restore,
 * protect, block) by someone else. Nothing was changed. Thrown by {@link Wiki}.
 */
public final class PermissionDeniedException extends WikiException {
  private static final long serialVersionUID = 1L;

  /** @param message what was refused and why, fit to show the user */
  public PermissionDeniedException(String message) {
    super(message);
  }
}
