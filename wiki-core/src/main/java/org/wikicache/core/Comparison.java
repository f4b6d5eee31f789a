package org.wikicache.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * Two revisions of one page, to be shown as a difference (the example server renders it as a
 * line diff).
 *
 * @param from the older side
 * @param to the newer side
 */
public record Comparison(Revision from, Revision to) {
  /** Checks that both revisions belong to the same page. */
  public Comparison {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    checkArgument(from.page().equals(to.page()), "revisions of different pages");
  }
}
