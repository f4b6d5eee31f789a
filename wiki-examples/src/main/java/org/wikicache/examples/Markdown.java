package org.wikicache.examples;

import com.google.common.html.HtmlEscapers;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.parser.PostProcessor;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * Renders page content (CommonMark, with GitHub-style tables and {@code [[wiki links]]}) to HTML
 * that is safe to put in a page: the HTML that CommonMark produces (including any raw HTML in the
 * content) goes through the OWASP sanitizer, which keeps formatting, blocks, tables,
 * http(s)/mailto and relative links, and images whose source is an http(s) URL (with their alt
 * text), and drops everything else (scripts, event handlers, {@code javascript:} and {@code data:}
 * URLs, styles, frames). A Markdown image whose source is not an http(s) URL is shown as its alt
 * text in brackets instead of vanishing. Wiki links are rendered by {@link WikiAnchors}; which of
 * them are missing pages is marked per view, after the (cached) render.
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

  /** The image sources kept: absolute http(s) URLs only. */
  static final Pattern IMAGE_SOURCE = Pattern.compile("(?i)https?://[^\\s]+");

  private static final class Holder {
    static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    static final Parser PARSER = Parser.builder().extensions(EXTENSIONS)
        .postProcessor(WikiAnchors.postProcessor())
        .postProcessor(new ImagesWithoutSource())
        .build();
    static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS)
        .sanitizeUrls(true)
        .attributeProviderFactory(context -> new WikiLinkAttributes())
        .build();
    static final PolicyFactory POLICY = Sanitizers.FORMATTING
        .and(Sanitizers.BLOCKS)
        .and(Sanitizers.LINKS)
        .and(Sanitizers.TABLES)
        .and(new HtmlPolicyBuilder().allowElements("pre", "hr").toFactory())
        .and(new HtmlPolicyBuilder().allowElements("a")
            .allowAttributes("class").matching(Pattern.compile(WikiAnchors.CLASS)).onElements("a")
            .toFactory())
        .and(new HtmlPolicyBuilder()
            .allowUrlProtocols("http", "https")
            .allowElements("img")
            .allowAttributes("src").matching(IMAGE_SOURCE).onElements("img")
            .allowAttributes("alt", "title").onElements("img")
            .toFactory());
  }

  /** Gives wiki links their class (and no title: the title only marked them). */
  private static final class WikiLinkAttributes implements AttributeProvider {
    @Override
    public void setAttributes(Node node, String tagName, Map<String, String> attributes) {
      if (node instanceof Link link && link.getTitle() == WikiAnchors.MARK) {
        attributes.remove("title");
        attributes.put("class", WikiAnchors.CLASS);
      }
    }
  }

  /** Turns an image whose source is not an http(s) URL into its alt text, in brackets. */
  private static final class ImagesWithoutSource extends AbstractVisitor implements PostProcessor {
    @Override
    public Node process(Node document) {
      document.accept(this);
      return document;
    }

    @Override
    public void visit(Image image) {
      String src = image.getDestination();
      if (src != null && IMAGE_SOURCE.matcher(src).matches()) {
        return;
      }
      StringBuilder alt = new StringBuilder();
      image.accept(new AbstractVisitor() {
        @Override
        public void visit(Text text) {
          alt.append(text.getLiteral());
        }
      });
      image.insertBefore(new Text("[image: " + (alt.length() == 0 ? "no description" : alt)
          + "]"));
      image.unlink();
    }
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
