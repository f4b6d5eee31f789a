package org.wikicache.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.PostProcessor;
import org.wikicache.core.PageName;
import org.wikicache.core.WikiLinks;

/**
 * Wiki links rendered: {@code [[Page]]} and {@code [[Page|label]]} in page content, parsed by
 * {@link WikiLinks#find} (the parser whose {@link WikiLinks#targets} the stores keep the link
 * graph from, so that what shows as a link is what "what links here" counts).
 *
 * <p>Two steps, so that the rendered HTML can be cached while the pages it links to come and go:
 *
 * <ol>
 *   <li>{@link #postProcessor()} turns them into links while Markdown is parsed (not inside code,
 *       links or images), rendered as {@code <a href="/Page" class="wikilink">}; a target that is
 *       not a valid page name stays literal text.
 *   <li>{@link #markMissing} runs on every view, over the (cached) sanitized HTML: it collects the
 *       linked names (at most {@value #MAX_CHECKED} distinct ones), asks once which exist, and
 *       turns the links to missing pages red: {@code class="wikilink new"}, pointing at the
 *       editor ({@code /_edit/Page}).
 * </ol>
 *
 * <p>A visitor who writes {@code <a href="/X" class="wikilink">} as raw HTML gets what
 * {@code [[X]]} gives: a link to a page of this wiki, nothing more.
 *
 * <p>Thread-safe (stateless).
 */
final class WikiAnchors {
  private WikiAnchors() {}

  /** The most distinct linked pages whose existence a view checks; links past it stay blue. */
  static final int MAX_CHECKED = 200;

  /** The class the renderer gives wiki links. */
  static final String CLASS = "wikilink";

  /** The title that marks a commonmark {@link Link} as a wiki link (compared by identity). */
  static final String MARK = new String("wikilink-mark");

  /**
   * Where a link may be: {@code [[...]]} without brackets or line breaks inside, bounded, so
   * that finding them is linear in the text. Each candidate is then parsed by
   * {@link WikiLinks#find}.
   */
  private static final Pattern CANDIDATE =
      Pattern.compile("\\[\\[[^\\[\\]\\n\\r]{1,2000}\\]\\]");

  /** A wiki link as the sanitizer writes it: {@code <a href="/Page" class="wikilink"}. */
  private static final Pattern RENDERED =
      Pattern.compile("<a href=\"/([^\"]*)\" class=\"" + CLASS + "\"");

  /** The parser's post-processor that turns {@code [[...]]} into links. */
  static PostProcessor postProcessor() {
    return document -> {
      document.accept(new Linker());
      return document;
    };
  }

  /**
   * {@code html} with its links to pages that do not exist marked red and pointed at the editor.
   *
   * @param existing given the linked names (at most {@value #MAX_CHECKED}), returns those that
   *     exist; called once, and only if the HTML has wiki links
   */
  static String markMissing(String html, Function<Collection<PageName>, Set<PageName>> existing) {
    if (!html.contains("class=\"" + CLASS + "\"")) {
      return html;
    }
    Set<PageName> linked = new LinkedHashSet<>();
    Matcher m = RENDERED.matcher(html);
    while (linked.size() < MAX_CHECKED && m.find()) {
      decode(m.group(1)).ifPresent(linked::add);
    }
    if (linked.isEmpty()) {
      return html;
    }
    Set<PageName> found = existing.apply(List.copyOf(linked));
    StringBuilder out = new StringBuilder(html.length() + 256);
    m.reset();
    while (m.find()) {
      Optional<PageName> name = decode(m.group(1));
      boolean missing = name.isPresent() && linked.contains(name.get())
          && !found.contains(name.get());
      m.appendReplacement(out, Matcher.quoteReplacement(missing
          ? "<a href=\"/_edit/" + m.group(1) + "\" class=\"" + CLASS + " new\""
          : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The page name of a path that {@link Paths#encode} wrote, if it is one. */
  static Optional<PageName> decode(String encoded) {
    if (encoded.isEmpty() || encoded.startsWith("_")) {
      return Optional.empty();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%' && i + 2 < encoded.length()) {
        int hi = Character.digit(encoded.charAt(i + 1), 16);
        int lo = Character.digit(encoded.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return Optional.empty();
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c < 0x80 && c != '%' && c != '&' && c != '<' && c != '>') {
        bytes.write(c);
      } else {
        return Optional.empty();
      }
    }
    String value;
    try {
      value = UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return Optional.empty();
    }
    try {
      PageName name = PageName.of(value);
      // only the canonical spelling: what Paths.encode writes for this name
      return Paths.encode(name).equals(encoded) ? Optional.of(name) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Replaces {@code [[...]]} in text nodes by links; leaves code, links and images alone. */
  private static final class Linker extends AbstractVisitor {
    @Override
    public void visit(Link link) {
      // no links inside a link's text
    }

    @Override
    public void visit(Image image) {
      // nor in an image's alt text
    }

    @Override
    public void visit(Code code) {
      // nor in code
    }

    @Override
    protected void visitChildren(Node parent) {
      mergeTexts(parent);
      Node node = parent.getFirstChild();
      while (node != null) {
        Node next = node.getNext();
        if (node instanceof Text text && text.getLiteral().contains("[[")) {
          link(text);
        } else {
          node.accept(this);
        }
        node = next;
      }
    }

    /** Joins adjacent text nodes, so that {@code [[} split by the parser is seen whole. */
    private static void mergeTexts(Node parent) {
      Node node = parent.getFirstChild();
      while (node != null) {
        if (node instanceof Text text && text.getNext() instanceof Text) {
          StringBuilder joined = new StringBuilder(text.getLiteral());
          while (text.getNext() instanceof Text following) {
            joined.append(following.getLiteral());
            following.unlink();
          }
          text.setLiteral(joined.toString());
        }
        node = node.getNext();
      }
    }

    private static void link(Text text) {
      String s = text.getLiteral();
      Matcher m = CANDIDATE.matcher(s);
      List<Node> parts = new ArrayList<>();
      int at = 0;
      while (m.find()) {
        List<WikiLinks.WikiLink> found = WikiLinks.find(m.group());
        if (found.size() != 1) {
          continue;
        }
        WikiLinks.WikiLink link = found.get(0);
        if (m.start() > at) {
          parts.add(new Text(s.substring(at, m.start())));
        }
        Link anchor = new Link("/" + Paths.encode(link.target()), MARK);
        anchor.appendChild(new Text(link.label()));
        parts.add(anchor);
        at = m.end();
      }
      if (parts.isEmpty()) {
        return;
      }
      if (at < s.length()) {
        parts.add(new Text(s.substring(at)));
      }
      for (Node part : parts) {
        text.insertBefore(part);
      }
      text.unlink();
    }
  }
}
