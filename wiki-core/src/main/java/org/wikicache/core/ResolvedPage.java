package org.wikicache.core;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A page as a view shows it after following a redirect ({@link Wiki#resolve}).
 *
 * @param page the page shown
 * @param redirectedFrom the redirect that led to it, if any ("redirected from ...")
 */
public record ResolvedPage(Page page, Optional<PageName> redirectedFrom) {
  /** Validates both components. */
  public ResolvedPage {
    requireNonNull(page, "page");
    requireNonNull(redirectedFrom, "redirectedFrom");
  }
}
