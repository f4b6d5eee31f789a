package org.wikicache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Rendering is safe (scripts, handlers and {@code javascript:} URLs are dropped) and bounded: the
 * inputs known to make CommonMark parsers slow or overflow their stack (nested emphasis, block
 * quotes, lists, images; runs of brackets, unclosed links) render at 2 MiB in bounded time, as
 * Markdown or, past the markup limit, as escaped plain text with a note.
 */
class MarkdownTest {
  private static final int SIZE = 2 * 1024 * 1024;
  private static final long BOUND_MS = 10_000;

  @Test
  void markdownIsRenderedAndSanitized() {
    assertThat(Markdown.toSafeHtml("# T\n\n*em* `code`\n\n```\npre\n```"))
        .contains("<h1>T</h1>").contains("<em>em</em>").contains("<code>code</code>")
        .contains("<pre>");
    String evil = Markdown.toSafeHtml("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>"
        + "\n\n[a](javascript:alert(1)) <a href=\"JaVaScRiPt:alert(1)\">b</a>"
        + "<iframe src=\"https://evil\"></iframe><p style=\"background:url(x)\">p</p>");
    assertThat(evil.toLowerCase(Locale.ROOT)).doesNotContain("script")
        .doesNotContain("onerror").doesNotContain("iframe").doesNotContain("style=");
    assertThat(Markdown.toSafeHtml("[ok](https://example.org)"))
        .contains("href=\"https://example.org\"");
    assertThat(Markdown.toSafeHtml("<table><tr><td>cell</td></tr></table>")).contains("<td>cell");
  }

  @Test
  void pathologicalInputsAreBounded() {
    Map<String, String> inputs = Map.of(
        "nested emphasis", "*".repeat(SIZE / 2) + "a" + "*".repeat(SIZE / 2),
        "nested quotes", "> ".repeat(SIZE / 2) + "a",
        "nested lists", "- ".repeat(SIZE / 2) + "a",
        "nested images", "![".repeat(SIZE / 8) + "a" + "](b)".repeat(SIZE / 8),
        "open brackets", "[".repeat(SIZE),
        "unclosed links", "[a](<b".repeat(SIZE / 6),
        "delimiters at the limit", "*_".repeat(Markdown.MAX_MARKUP_CHARS / 2),
        "links at the limit", "[a](b) ".repeat(Markdown.MAX_MARKUP_CHARS / 3),
        "prose", LineDiffTest.randomPage(new Random(3), SIZE));
    inputs.forEach((name, input) -> {
      long t0 = System.nanoTime();
      String html = Markdown.toSafeHtml(input);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("markdown: %-25s %5d ms, %s%n", name, ms,
          html.startsWith("<p class=\"notice\">") ? "plain text" : "rendered");
      assertThat(ms).as("%s took %s ms", name, ms).isLessThan(BOUND_MS);
      assertThat(html).isNotEmpty();
    });
  }

  @Test
  void pastTheMarkupLimitTheTextIsShownEscaped() {
    String input = "<script>x</script>" + "*".repeat(Markdown.MAX_MARKUP_CHARS);
    String html = Markdown.toSafeHtml(input);
    assertThat(html).startsWith("<p class=\"notice\">This page has ")
        .contains("shown as plain text").contains("<pre class=\"plain\">&lt;script&gt;x")
        .doesNotContain("<script");
    assertThat(Markdown.markupChars("a*b_c[d]e!f<g>h&i`j\\k")).isEqualTo(10);
  }
}
