package org.wikicache.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WikiLinksTest {
  private static PageName n(String s) {
    return PageName.of(s);
  }

  @Test
  void findsPlainAndLabelledLinks() {
    var links = WikiLinks.find("a [[Main]] b [[Java/Records | records ]] c [[ Main#Intro|x]]");

    assertThat(links).extracting(WikiLinks.WikiLink::target)
        .containsExactly(n("Main"), n("Java/Records"), n("Main"));
    assertThat(links).extracting(WikiLinks.WikiLink::label)
        .containsExactly("Main", "records", "x");
    assertThat(links.get(0).start()).isEqualTo(2);
    assertThat(links.get(0).end()).isEqualTo(10);
  }

  @Test
  void malformedLinksStayText() {
    assertThat(WikiLinks.find("[[]] [[ ]] [[_edit]] [[a\nb]] [[x|]] [[open")).isEmpty();
    assertThat(WikiLinks.find("[[[[Inner]]")).extracting(WikiLinks.WikiLink::target)
        .containsExactly(n("Inner"));
  }

  @Test
  void targetsSkipCodeAndRepeatNothing() {
    String md = "[[A]] `[[B]]` [[C]]\n\n```\n[[D]]\n```\n\n    [[E]]\n\n[[A|again]] ``x [[F]] x``";

    assertThat(WikiLinks.targets(md)).containsExactly(n("A"), n("C"));
  }

  @Test
  void targetsAreBounded() {
    StringBuilder md = new StringBuilder();
    for (int i = 0; i < WikiLinks.MAX_TARGETS + 10; i++) {
      md.append("[[P").append(i).append("]] ");
    }
    assertThat(WikiLinks.targets(md.toString())).hasSize(WikiLinks.MAX_TARGETS);
  }

  @Test
  void redirectsRoundTrip() {
    assertThat(WikiLinks.redirectTarget(WikiLinks.redirectContent(n("New name/Sub"))))
        .contains(n("New name/Sub"));
    assertThat(WikiLinks.redirectTarget("  #redirect [[Main]]\n")).contains(n("Main"));
    assertThat(WikiLinks.redirectTarget("#REDIRECT [[Main]] and more")).isEmpty();
    assertThat(WikiLinks.redirectTarget("text #REDIRECT [[Main]]")).isEmpty();
    assertThatThrownBy(() -> WikiLinks.redirectContent(n("a|b")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void findTakesLinearTimeOnOpeningsThatNeverClose() {
    // the shape that made the scan quadratic: every "[[" retried up to the same far "]]"
    String text = "[[".repeat(500_000) + "]]";
    long t0 = System.nanoTime();

    assertThat(WikiLinks.find(text)).isEmpty();
    assertThat(WikiLinks.targets("x " + text + "\n" + "[x".repeat(300_000) + "]]")).isEmpty();

    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(ms).as("2 MB of openings took %s ms", ms).isLessThan(10_000);
  }

  @Test
  void findAgreesWithTheStraightforwardScanOnRandomText() {
    Random random = new Random(42);
    String alphabet = "[[]]a|#\n ";
    for (int round = 0; round < 20_000; round++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(30);
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertThat(WikiLinks.find(text.toString())).as("in %s", text)
          .isEqualTo(straightforward(text.toString()));
    }
  }

  /** The quadratic scan the linear one replaced: retry after every opening that fails. */
  private static List<WikiLinks.WikiLink> straightforward(String text) {
    List<WikiLinks.WikiLink> links = new ArrayList<>();
    int from = 0;
    while (true) {
      int open = text.indexOf("[[", from);
      int close = open < 0 ? -1 : text.indexOf("]]", open + 2);
      if (close < 0) {
        return links;
      }
      List<WikiLinks.WikiLink> one = WikiLinks.find(text.substring(open, close + 2));
      if (one.size() == 1 && one.get(0).start() == 0 && one.get(0).end() == close + 2 - open) {
        WikiLinks.WikiLink l = one.get(0);
        links.add(new WikiLinks.WikiLink(open, close + 2, l.target(), l.label()));
        from = close + 2;
      } else {
        from = open + 1;
      }
    }
  }
}
