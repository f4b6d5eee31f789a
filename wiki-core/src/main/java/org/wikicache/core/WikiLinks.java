package org.wikicache.core;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The wiki-link syntax, parsed once for everyone: the stores keep the link graph from
 * {@link #targets}, and a renderer turns each {@link #find found} link into an anchor, so both
 * agree on what links where.
 *
 * <p>A link is {@code [[Target]]} or {@code [[Target|label]]}. The target is trimmed, a
 * {@code #section} suffix is dropped, and it must be a valid {@link PageName}; anything else
 * (an empty target, a name starting with {@code _}, a target with a newline) is no link and stays
 * literal text. A target or label cannot contain {@code [}, {@code ]} or a line break.
 *
 * <p>A <b>redirect</b> is a page whose whole content is {@code #REDIRECT [[Target]]}
 * (case-insensitive keyword, surrounding white space allowed): {@link WikiStore#move} leaves one
 * at the old name, and views follow it ({@link Wiki#resolve}).
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * WikiLinks.targets("See [[Java/Records|records]] and [[Main]].");  // [Java/Records, Main]
 * WikiLinks.redirectTarget("#REDIRECT [[Main]]");                    // Optional[Main]
 * }</pre>
 */
public final class WikiLinks {
  /** The most distinct link targets {@link #targets} keeps per page; later ones are ignored. */
  public static final int MAX_TARGETS = 1000;

  /** The longest label, in characters; a longer one makes no link. */
  public static final int MAX_LABEL_LENGTH = 500;

  private static final String REDIRECT = "#REDIRECT";

  private WikiLinks() {}

  /**
   * One link found in a text.
   *
   * @param start the index of its first {@code [}
   * @param end the index just after its last {@code ]}
   * @param target the page it links to
   * @param label the text to show: the label after {@code |}, or the target as written
   */
  public record WikiLink(int start, int end, PageName target, String label) {
    /** Validates every component. */
    public WikiLink {
      if (start < 0 || end <= start) {
        throw new IllegalArgumentException("need 0 <= start < end, was " + start + ", " + end);
      }
      requireNonNull(target, "target");
      requireNonNull(label, "label");
    }
  }

  /**
   * Every well-formed link in {@code text}, in order, code or not: for a renderer that calls it
   * on text outside code spans and blocks.
   */
  public static List<WikiLink> find(String text) {
    requireNonNull(text, "text");
    List<WikiLink> links = new ArrayList<>();
    int from = 0;
    while (true) {
      int open = text.indexOf("[[", from);
      if (open < 0) {
        break;
      }
      int close = closingBrackets(text, open + 2);
      if (close < 0) {
        // No link opens before the character that stopped the scan (the text between holds no
        // '['), so the next try starts there: every character is scanned a bounded number of
        // times, and a line of a million "[[" costs linear time, not quadratic.
        int stop = -close - 1;
        if (stop >= text.length()) {
          break;
        }
        from = text.charAt(stop) == '[' ? stop - 1 : stop + 1;
        continue;
      }
      WikiLink link = parse(text, open, close);
      if (link != null) {
        links.add(link);
        from = close + 2;
      } else {
        from = close;  // no "[[" can open between open + 1 and close
      }
    }
    return links;
  }

  /**
   * The index of the {@code ]]} that closes a link whose inner text starts at {@code from}, or
   * {@code -(i + 1)} where {@code i} is the first character no link may hold ({@code [}, a lone
   * {@code ]}, a line break) or the end of the text.
   */
  private static int closingBrackets(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ']') {
        return i + 1 < text.length() && text.charAt(i + 1) == ']' ? i : -(i + 1);
      }
      if (c == '[' || c == '\n' || c == '\r') {
        return -(i + 1);
      }
    }
    return -(text.length() + 1);
  }

  private static WikiLink parse(String text, int open, int close) {
    String inner = text.substring(open + 2, close);
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '[' || c == ']' || c == '\n' || c == '\r') {
        return null;
      }
    }
    int bar = inner.indexOf('|');
    String rawTarget = bar < 0 ? inner : inner.substring(0, bar);
    String label = bar < 0 ? rawTarget.strip() : inner.substring(bar + 1).strip();
    int hash = rawTarget.indexOf('#');
    String target = (hash < 0 ? rawTarget : rawTarget.substring(0, hash)).strip();
    if (target.isEmpty() || label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
      return null;
    }
    try {
      return new WikiLink(open, close + 2, PageName.of(target), label);
    } catch (IllegalArgumentException notAName) {
      return null;
    }
  }

  /**
   * The distinct pages {@code markdown} links to, in order of first appearance, at most
   * {@link #MAX_TARGETS}. Links inside fenced code blocks ({@code ```} or {@code ~~~}), indented
   * code blocks and inline code spans do not count, as a Markdown renderer shows them literally.
   */
  public static Set<PageName> targets(String markdown) {
    requireNonNull(markdown, "markdown");
    Set<PageName> targets = new LinkedHashSet<>();
    String fence = null;
    boolean previousBlank = true;
    for (String line : markdown.split("\r\n|\r|\n", -1)) {
      String stripped = line.stripLeading();
      if (fence != null) {
        if (stripped.startsWith(fence)) {
          fence = null;
        }
        continue;
      }
      if (stripped.startsWith("```") || stripped.startsWith("~~~")) {
        fence = stripped.substring(0, 3);
        continue;
      }
      boolean indentedCode = previousBlank && (line.startsWith("    ") || line.startsWith("\t"))
          && !stripped.isEmpty();
      previousBlank = stripped.isEmpty() || (indentedCode && previousBlank);
      if (indentedCode) {
        continue;
      }
      for (WikiLink link : find(withoutCodeSpans(line))) {
        if (targets.size() >= MAX_TARGETS) {
          return Collections.unmodifiableSet(targets);
        }
        targets.add(link.target());
      }
    }
    return Collections.unmodifiableSet(targets);
  }

  /** {@code line} with each {@code `code span`} blanked out (same length). */
  private static String withoutCodeSpans(String line) {
    if (line.indexOf('`') < 0) {
      return line;
    }
    StringBuilder out = new StringBuilder(line);
    int i = 0;
    while (i < line.length()) {
      if (line.charAt(i) != '`') {
        i++;
        continue;
      }
      int run = i;
      while (run < line.length() && line.charAt(run) == '`') {
        run++;
      }
      String ticks = line.substring(i, run);
      int closing = line.indexOf(ticks, run);
      if (closing < 0) {
        break;
      }
      for (int k = i; k < closing + ticks.length(); k++) {
        out.setCharAt(k, ' ');
      }
      i = closing + ticks.length();
    }
    return out.toString();
  }

  /**
   * The page a redirect's content points to, or empty if {@code content} is not a redirect.
   */
  public static Optional<PageName> redirectTarget(String content) {
    requireNonNull(content, "content");
    String s = content.strip();
    if (s.length() < REDIRECT.length() + 4
        || !s.regionMatches(true, 0, REDIRECT, 0, REDIRECT.length())) {
      return Optional.empty();
    }
    String rest = s.substring(REDIRECT.length()).strip();
    List<WikiLink> links = find(rest);
    if (links.size() != 1 || links.get(0).start() != 0 || links.get(0).end() != rest.length()) {
      return Optional.empty();
    }
    return Optional.of(links.get(0).target());
  }

  /**
   * The content of a redirect to {@code target}: {@code #REDIRECT [[target]]}.
   *
   * @throws IllegalArgumentException if no link can name {@code target} ({@link #isLinkable})
   */
  public static String redirectContent(PageName target) {
    if (!isLinkable(target)) {
      throw new IllegalArgumentException("page name '" + target
          + "' cannot be the target of a link: it holds '[', ']', '|' or '#'");
    }
    return REDIRECT + " [[" + target.value() + "]]";
  }

  /**
   * True if a {@code [[...]]} link can name {@code name}: it holds none of {@code [ ] | #}.
   */
  public static boolean isLinkable(PageName name) {
    String v = requireNonNull(name, "name").value();
    return v.indexOf('[') < 0 && v.indexOf(']') < 0 && v.indexOf('|') < 0 && v.indexOf('#') < 0;
  }
}
