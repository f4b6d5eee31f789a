package org.wikicache.examples;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Set;
import java.util.function.Supplier;
import org.wikicache.core.PageName;
import org.wikicache.core.Wiki;
import org.wikicache.examples.web.Gate;

/**
 * What the route classes share: the backend (fetched per request, since the server starts
 * serving while it opens), the views, the visitor (session and CSRF) support, the page-name rules
 * and the gate for expensive requests.
 *
 * @param backend the backend; {@code get()} waits while it is still opening
 * @param views renders pages
 * @param visitors sessions and CSRF checks
 * @param pageNames which names a route owns
 * @param gate admission for expensive requests
 */
record Services(Supplier<Backend> backend, Views views, Visitors visitors, PageNames pageNames,
    Gate gate) {
  Services {
    requireNonNull(backend, "backend");
    requireNonNull(views, "views");
    requireNonNull(visitors, "visitors");
    requireNonNull(pageNames, "pageNames");
    requireNonNull(gate, "gate");
  }

  /** The wiki service. */
  Wiki wiki() {
    return backend.get().wiki();
  }

  /** Content longer than this takes a place in the gate to be rendered. */
  static final int LARGE_RENDER_CHARS = 256 * 1024;

  /**
   * The sanitized HTML of a revision's content, rendered once (and then cached, with a cache),
   * with its links to missing pages marked red (looked up on every call, in one batch); large
   * content is rendered only when the gate lets it in.
   */
  String html(PageName page, long revision, String content) {
    String html = backend.get().html(page, revision, () -> render(content));
    return WikiAnchors.markMissing(html, this::existing);
  }

  /** The sanitized HTML of {@code content}, not saved anywhere: the editor's preview. */
  String preview(String content) {
    return WikiAnchors.markMissing(render(content), this::existing);
  }

  private String render(String content) {
    try (Gate.Permit permit = content.length() > LARGE_RENDER_CHARS ? gate.enter()
        : Gate.none()) {
      return Markdown.toSafeHtml(content);
    }
  }

  /**
   * The line diff from {@code from} to {@code to} (history and edit conflicts alike); texts
   * longer than {@link #LARGE_RENDER_CHARS} together are compared only when the gate lets them in.
   *
   * @throws org.wikicache.examples.web.WebError 429 if the gate is full
   */
  LineDiff.Result diff(String from, String to) {
    try (Gate.Permit permit = from.length() + to.length() > LARGE_RENDER_CHARS ? gate.enter()
        : Gate.none()) {
      return LineDiff.compare(from, to);
    }
  }

  /** Which of {@code names} are pages: one batch read (a cache {@code getMulti}). */
  private Set<PageName> existing(Collection<PageName> names) {
    return wiki().store().getAll(names).keySet();
  }
}
