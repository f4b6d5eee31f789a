package org.wikicache.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
