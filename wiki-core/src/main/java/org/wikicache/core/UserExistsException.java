package org.wikicache.core;

/** A sign-up used a username that is taken (usernames are unique case-insensitively). */
public final class UserExistsException extends WikiException {
  private static final long serialVersionUID = 1L;

  private final String username;

  /** @param username the username that is taken */
  public UserExistsException(String username) {
    super("That user already exists: " + username);
    this.username = username;
  }

  /** The username that is taken. */
  public String username() {
    return username;
  }
}
