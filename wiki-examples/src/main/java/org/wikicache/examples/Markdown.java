package org.wikicache.examples;

import com.google.common.html.HtmlEscapers;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * Renders page content (CommonMark) to HTML that is safe to put in a page: the HTML that
 * CommonMark produces (including any raw HTML in the content) goes through the OWASP sanitizer,
 * which keeps formatting, blocks, tables (written as HTML) and http(s)/mailto links and drops
 * everything else (scripts, event handlers, {@code javascript:} URLs, styles, frames, images).
 *
 * <p>The cost is bounded. Parsing costs time in proportion to the markup characters (emphasis,
 * brackets, tags, backticks), a few seconds for 2 MiB made only of them: content with more than
 * {@value #MAX_MARKUP_CHARS} markup characters (half again what a dense 2 MiB document
 * has) is shown as plain text, with a note, instead. A {@link StackOverflowError} on some
 * nesting the parser did not foresee is caught and gives plain text too.
 *
 * <pre>{@code
 * String html = Markdown.toSafeHtml("# Title\n\n*emphasis*");
 * }</pre>
 *
 * <p>Thread-safe. The parser and sanitizer are built on first use, not at start-up.
 */
final class Markdown {
  private Markdown() {}

  /** The most markup characters rendered as Markdown; past this, plain text. */
  static final int MAX_MARKUP_CHARS = 100_000;

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

  /** The sanitized HTML of {@code markdown}, or its text if it is too costly to render. */
  static String toSafeHtml(String markdown) {
    int markup = markupChars(markdown);
    if (markup > MAX_MARKUP_CHARS) {
      return plain(markdown, "This page has " + markup + " Markdown markup characters, more "
          + "than the " + MAX_MARKUP_CHARS + " the wiki renders, so it is shown as plain text.");
    }
    try {
      String html = Holder.RENDERER.render(Holder.PARSER.parse(markdown));
      return Holder.POLICY.sanitize(html);
    } catch (StackOverflowError e) {
      return plain(markdown, "This page's Markdown is nested too deeply to render, so it is "
          + "shown as plain text.");
    }
  }

  /** The characters that open or close inline markup. */
  static int markupChars(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      switch (s.charAt(i)) {
        case '*', '_', '[', ']', '!', '<', '>', '&', '`', '\\' -> n++;
        default -> { }
      }
    }
    return n;
  }

  private static String plain(String text, String note) {
    return "<p class=\"notice\">" + HtmlEscapers.htmlEscaper().escape(note) + "</p>\n"
        + "<pre class=\"plain\">" + HtmlEscapers.htmlEscaper().escape(text) + "</pre>";
  }
}
