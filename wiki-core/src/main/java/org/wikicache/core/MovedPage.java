package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * One page renamed by {@link WikiStore#move}.
 *
 * @param from its old name, now a redirect to {@code to}
 * @param to its new name, under which its whole history now is
 * @param redirect the redirect revision left at {@code from}: numbered one past the page's last
 *     revision, so that an edit based on the page as it was under its old name conflicts
 */
public record MovedPage(PageName from, PageName to, RevisionInfo redirect) {
  /** Validates every component. */
  public MovedPage {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(redirect, "redirect");
    checkArgument(redirect.page().equals(from), "the redirect must be at the old name");
  }
}
