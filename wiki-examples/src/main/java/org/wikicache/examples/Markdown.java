package org.wikicache.examples;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * Renders page content (CommonMark) to HTML that is safe to put in a page: the HTML that
 * CommonMark produces (including any raw HTML in the content) goes through the OWASP sanitizer,
 * which keeps formatting, blocks, tables (written as HTML) and http(s)/mailto links and drops everything else
 * (scripts, event handlers, {@code javascript:} URLs, styles, frames, images).
 *
 * <p>Thread-safe. The parser and sanitizer are built on first use, not at start-up.
 */
final class Markdown {
  private Markdown() {}

  private static final class Holder {
    static final Parser PARSER = Parser.builder().build();
    static final HtmlRenderer RENDERER =
        HtmlRenderer.builder().sanitizeUrls(true).build();
    static final PolicyFactory POLICY = Sanitizers.FORMATTING
        .and(Sanitizers.BLOCKS)
        .and(Sanitizers.LINKS)
        .and(Sanitizers.TABLES)
        .and(new HtmlPolicyBuilder().allowElements("pre", "hr").toFactory());
  }

  /** The sanitized HTML of {@code markdown}. */
  static String toSafeHtml(String markdown) {
    String html = Holder.RENDERER.render(Holder.PARSER.parse(markdown));
    return Holder.POLICY.sanitize(html);
  }
}
