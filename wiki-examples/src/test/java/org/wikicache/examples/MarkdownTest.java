package org.wikicache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wikicache.core.PageName;

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
  void githubTablesAreRendered() {
    String html = Markdown.toSafeHtml("| a | b |\n|:--|--:|\n| 1 | <b>2</b> |\n");
    assertThat(html).contains("<table>").contains("<th").contains(">a</th>")
        .contains("<td").contains(">1</td>").contains("<b>2</b>").doesNotContain("|");
  }

  @Test
  void imagesWithHttpSourcesKeepTheirAltTextOthersBecomeText() {
    assertThat(Markdown.toSafeHtml("![a cat](https://example.org/cat.png \"Tom\")"))
        .contains("<img src=\"https://example.org/cat.png\"").contains("alt=\"a cat\"")
        .contains("title=\"Tom\"");
    assertThat(Markdown.toSafeHtml("![plain](http://example.org/x.png)"))
        .contains("src=\"http://example.org/x.png\"");
    for (String bad : List.of("![gone](javascript:alert(1))", "![gone](data:image/png;base64,AA)",
        "![gone](/_edit/Main)", "![gone](x.png)")) {
      String html = Markdown.toSafeHtml(bad);
      assertThat(html).as(bad).doesNotContain("<img").contains("[image: gone]");
    }
    String raw = Markdown.toSafeHtml("<img src=\"data:image/png;base64,AA\" alt=x>"
        + "<img src=\"https://example.org/y.png\" onerror=\"alert(1)\" alt=\"y\">");
    assertThat(raw).doesNotContain("data:").doesNotContain("onerror")
        .contains("src=\"https://example.org/y.png\"");
  }

  @Test
  void wikiLinksAreLinksOutsideCode() {
    String html = Markdown.toSafeHtml("See [[Cache Aside]], [[Java/Records|records]] and "
        + "[[Caf\u00e9]].\n\n`[[Not a link]]` [x [[Inner]]](https://example.org)\n\n"
        + "[[_bad]] [[a\tb]] [[ ]] [[Guide#Install|install]]");
    assertThat(html)
        .contains("<a href=\"/Cache%20Aside\" class=\"wikilink\"")
        .contains(">Cache Aside</a>")
        .contains("<a href=\"/Java/Records\" class=\"wikilink\"").contains(">records</a>")
        .contains("href=\"/Caf%C3%A9\"")
        .contains("<code>[[Not a link]]</code>")
        .doesNotContain("/Inner").doesNotContain("title=")
        .contains("[[_bad]]").contains("[[ ]]")
        .contains("<a href=\"/Guide\" class=\"wikilink\" rel=\"nofollow\">install</a>");
  }

  @Test
  void missingPagesAreMarkedRedWithOneLookup() {
    String html = Markdown.toSafeHtml("[[Here]] [[Gone|gone page]] [[Here]] "
        + "<a href=\"/Spoof\" class=\"wikilink\">raw</a> <a href=\"/%ZZ\" class=\"wikilink\">x</a>");
    java.util.List<java.util.Collection<PageName>> calls = new java.util.ArrayList<>();
    String marked = WikiAnchors.markMissing(html, names -> {
      calls.add(names);
      return java.util.Set.of(PageName.of("Here"));
    });
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0)).containsExactly(PageName.of("Here"), PageName.of("Gone"),
        PageName.of("Spoof"));
    assertThat(marked).contains("<a href=\"/Here\" class=\"wikilink\"")
        .contains("<a href=\"/_edit/Gone\" class=\"wikilink new\"")
        .contains("<a href=\"/_edit/Spoof\" class=\"wikilink new\"")
        .doesNotContain("/_edit/Here");
    // no wiki links: no lookup at all
    assertThat(WikiAnchors.markMissing("<p>plain</p>", names -> {
      throw new AssertionError("looked up " + names);
    })).isEqualTo("<p>plain</p>");
  }

  @Test
  void theLookupIsBounded() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < WikiAnchors.MAX_CHECKED + 50; i++) {
      text.append("[[P").append(i).append("]] ");
    }
    String html = Markdown.toSafeHtml(text.toString());
    int[] asked = {0};
    String marked = WikiAnchors.markMissing(html, names -> {
      asked[0] = names.size();
      return java.util.Set.of();
    });
    assertThat(asked[0]).isEqualTo(WikiAnchors.MAX_CHECKED);
    assertThat(marked).contains("href=\"/_edit/P0\"").contains("href=\"/P249\" class=\"wikilink\"");
  }

  @Test
  void pathologicalInputsAreBounded() {
    Map<String, String> inputs = new java.util.LinkedHashMap<>(Map.of(
        "nested emphasis", "*".repeat(SIZE / 2) + "a" + "*".repeat(SIZE / 2),
        "nested quotes", "> ".repeat(SIZE / 2) + "a",
        "nested lists", "- ".repeat(SIZE / 2) + "a",
        "nested images", "![".repeat(SIZE / 8) + "a" + "](b)".repeat(SIZE / 8),
        "open brackets", "[".repeat(SIZE),
        "unclosed links", "[a](<b".repeat(SIZE / 6),
        "delimiters at the limit", "*_".repeat(Markdown.MAX_MARKUP_CHARS / 2),
        "links at the limit", "[a](b) ".repeat(Markdown.MAX_MARKUP_CHARS / 3),
        "prose", LineDiffTest.randomPage(new Random(3), SIZE)));
    inputs.put("wiki links at the limit", "[[a]] ".repeat(Markdown.MAX_MARKUP_CHARS / 4));
    inputs.put("open wiki links", "[[a".repeat(Markdown.MAX_MARKUP_CHARS / 2)
        + "x".repeat(SIZE / 2));
    inputs.put("bracket fragments", "[[x] ".repeat(Markdown.MAX_MARKUP_CHARS / 3));
    inputs.put("wiki link openers", "[[".repeat(Markdown.MAX_MARKUP_CHARS / 2 - 1) + "]]");
    inputs.put("long wiki link candidates", ("[[" + "x".repeat(1990) + "|").repeat(1000)
        + "]]");
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
