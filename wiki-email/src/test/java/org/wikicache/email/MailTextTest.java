package org.wikicache.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.wikicache.core.PageName;

class MailTextTest {
  @Test
  void oneLineReplacesEveryKindOfLineBreakAndControlCharacter() {
    assertThat(MailText.oneLine("a\r\nb\rc\nd\te\u0000f\u0085g\u2028h\u2029i\u202Ej\u001Bk", 100))
        .isEqualTo("a b c d e f g h i j k");
    assertThat(MailText.oneLine("  \r\n  padded \n ", 100)).isEqualTo("padded");
  }

  @Test
  void oneLineCutsLongTextWithAnEllipsisWithoutSplittingASurrogatePair() {
    assertThat(MailText.oneLine("abcdefghij", 5)).isEqualTo("abcd…");
    assertThat(MailText.oneLine("abcde", 5)).isEqualTo("abcde");
    String emoji = "ab\uD83D\uDE00\uD83D\uDE00";  // a b 😀 😀 (6 chars)
    String cut = MailText.oneLine(emoji, 4);
    assertThat(cut).isEqualTo("ab…");
  }

  @Test
  void linksEncodeEachSegmentButKeepTheSlashes() {
    assertThat(MailText.revisionLink("http://w", PageName.of("a b/c?d#e/ü%"), 7))
        .isEqualTo("http://w/a%20b/c%3Fd%23e/%C3%BC%25?v=7");
    assertThat(MailText.profileLink("http://w", "ada lovelace&co"))
        .isEqualTo("http://w/_user/ada%20lovelace%26co");
  }

  @Test
  void addressesAreValidatedStrictly() {
    assertThat(EmailNotifier.parseAddress("ada@example.org")).isPresent();
    assertThat(EmailNotifier.parseAddress("Ada L. <ada@example.org>")).isPresent();
    assertThat(EmailNotifier.parseAddress("not-an-email")).isEmpty();
    assertThat(EmailNotifier.parseAddress("a@b\r\nBcc: x@y")).isEmpty();
    assertThat(EmailNotifier.parseAddress("a@b, c@d")).isEmpty();
    assertThat(EmailNotifier.parseAddress("group: a@b, c@d;")).isEmpty();
    assertThat(EmailNotifier.parseAddress("@example.org")).isEmpty();
    assertThat(EmailNotifier.parseAddress("")).isEmpty();
  }
}
