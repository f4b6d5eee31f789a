package org.wikicache.email;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.wikicache.core.PageName;
import org.wikicache.core.Role;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.User;
import org.wikicache.core.WikiEvent;

/** Events for tests. */
final class Events {
  static final Instant TIME = Instant.parse("2026-11-23T10:15:30Z");
  static final String SHA = "a".repeat(64);

  private Events() {}

  static WikiEvent.PageEdited edit(String page, long number, String author, String comment) {
    return new WikiEvent.PageEdited(new RevisionInfo(PageName.of(page), number, number - 1,
        author, TIME, comment, 42, SHA));
  }

  static WikiEvent.UserSignedUp signUp(String username, String email, String displayName) {
    return new WikiEvent.UserSignedUp(new User(7, username, email, displayName, "",
        Set.of(), TIME));
  }
}
