package org.wikicache.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PageNameTest {
  @ParameterizedTest
  @ValueSource(strings = {"Main", "a", "Java/Records", "a/b/c", "Ünïcödé", "with space",
      "dots.in.name", "...x", "x..", "O'Brien", "100%", "emoji😀", "a_b", "-dash"})
  void acceptsValidNames(String value) {
    assertThat(PageName.of(value).value()).isEqualTo(value);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''                | must not be empty",
      "_edit             | must not start with '_'",
      "/leading          | empty segment",
      "trailing/         | empty segment",
      "double//slash     | empty segment",
      ".                 | '.' or '..' segment",
      "a/../b            | '.' or '..' segment",
      "a/./b             | '.' or '..' segment",
      "..                | '.' or '..' segment",
  })
  void refusesBadNamesSayingWhichRuleTheyBroke(String value, String rule) {
    assertThatThrownBy(() -> PageName.of(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(rule);
  }

  @ParameterizedTest
  @ValueSource(strings = {"new\nline", "cr\rhere", "tab\there", "nul\0", "del\u007f", "c1\u0085",
      "line\u2028sep"})
  void refusesControlCharacters(String value) {
    assertThatThrownBy(() -> PageName.of(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control characters");
  }

  @Test
  void refusesUnpairedSurrogates() {
    assertThatThrownBy(() -> PageName.of("bad\ud800"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("surrogate");
  }

  @Test
  void refusesNull() {
    assertThatThrownBy(() -> PageName.of(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void limitIsCountedInUtf8Bytes() {
    assertThat(PageName.of("x".repeat(255)).value()).hasSize(255);
    assertThatThrownBy(() -> PageName.of("x".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256 UTF-8 bytes");
    // 'é' is two bytes: 127 of them fit (254 bytes), 128 do not (256 bytes).
    assertThat(PageName.of("é".repeat(127)).value()).hasSize(127);
    assertThatThrownBy(() -> PageName.of("é".repeat(128)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void normalisesToNfc() {
    PageName decomposed = PageName.of("cafe\u0301");
    PageName composed = PageName.of("caf\u00e9");

    assertThat(decomposed).isEqualTo(composed);
    assertThat(decomposed.value()).isEqualTo("caf\u00e9");
  }

  @Test
  void segmentsSplitOnSlash() {
    assertThat(PageName.of("a/b/c").segments()).containsExactly("a", "b", "c");
    assertThat(PageName.of("Main").segments()).containsExactly("Main");
  }

  @Test
  void ordersByValue() {
    assertThat(PageName.of("B").compareTo(PageName.of("a"))).isNegative();
    assertThat(PageName.of("a").compareTo(PageName.of("a/b"))).isNegative();
  }

  @ParameterizedTest
  @ValueSource(strings = {" Main", "Main ", "a /b", "a/ b", "  ", "a/b "})
  void rejectsSpacesAtTheEdgesOfAnySegment(String bad) {
    assertThatThrownBy(() -> PageName.of(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("start or end with a space");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Main\u00a0Page", "Main\u3000Page", "a\u2009b"})
  void rejectsSpacesOtherThanThePlainOne(String bad) {
    assertThatThrownBy(() -> PageName.of(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain space");
  }

  @ParameterizedTest
  @ValueSource(strings = {"evil\u202Etxt.exe", "a\u200Eb", "a\u200Fb", "a\u2066b\u2069",
      "zero\u200Bwidth", "soft\u00ADhyphen", "bom\uFEFF", "arabic\u061Cmark", "wj\u2060",
      "Ma\u2062in", "a\u034Fb", "a\u115Fb", "a\u3164b", "a\uFFA0b", "a\u2800b", "a\uFFF9b",
      "a\u206Ab", "a\uD834\uDD73b"})
  void rejectsInvisibleAndBidirectionalFormatting(String bad) {
    assertThatThrownBy(() -> PageName.of(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("formatting characters");
  }

  @Test
  void keepsJoinersThatEmojiAndScriptsNeed() {
    assertThat(PageName.of("family\uD83D\uDC68\u200D\uD83D\uDC69").value()).contains("\u200D");
    assertThat(PageName.of("Main Page").value()).isEqualTo("Main Page");
    assertThat(PageName.of("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645").value())
        .contains("\u200C");
  }
}
