package org.wikicache.examples.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Decoding of url-encoded forms and query strings: strict, bounded, first value wins. */
class FormTest {
  private static Form parse(String body) {
    return Form.parse(body.getBytes(UTF_8));
  }

  @Test
  void decodesPlusPercentAndUtf8() {
    Form f = parse("name=Z%C3%BCrich+%2B+1&empty=&flag&a=1&a=2&%E2%80%AE=rlo");
    assertThat(f.get("name")).isEqualTo("Zürich + 1");
    assertThat(f.get("empty")).isEmpty();
    assertThat(f.find("flag")).hasValue("");
    assertThat(f.get("a")).isEqualTo("1");
    assertThat(f.get("\u202E")).isEqualTo("rlo");
    assertThat(f.find("missing")).isEmpty();
    assertThat(f.get("missing")).isEmpty();
    assertThat(parse("").size()).isZero();
    assertThat(parse("&&&").size()).isZero();
  }

  @Test
  void badEscapesAndBadUtf8Are400() {
    for (String body : new String[] {"a=%", "a=%4", "a=%zz", "a=%C3", "a=%C3%28", "%FF=1",
        "a=%ED%A0%80"}) {
      assertThatThrownBy(() -> parse(body)).as(body).isInstanceOf(WebError.class)
          .extracting(e -> ((WebError) e).status()).isEqualTo(400);
    }
  }

  @Test
  void atMostAHundredFields() {
    assertThat(parse("a=1&".repeat(50) + "b=2").get("b")).isEqualTo("2");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i <= Form.MAX_FIELDS; i++) {
      many.append('f').append(i).append("=&");
    }
    assertThatThrownBy(() -> parse(many.toString())).isInstanceOf(WebError.class)
        .hasMessageContaining("Too many fields");
  }

  @Test
  void numbersAreAsciiDigitsInRange() {
    Form f = parse("n=42&neg=-1&big=99999999999999999999&arabic=%D9%A1&empty=&max="
        + Long.MAX_VALUE);
    assertThat(f.number("n")).isEqualTo(42);
    assertThat(f.number("max")).isEqualTo(Long.MAX_VALUE);
    assertThat(f.number("absent", 7)).isEqualTo(7);
    for (String bad : new String[] {"neg", "big", "arabic", "empty", "absent"}) {
      assertThatThrownBy(() -> f.number(bad)).as(bad).isInstanceOf(WebError.class)
          .hasMessageContaining(bad);
    }
  }

  @Test
  void aLongFieldIsParsedInLinearTime() {
    String body = "content=" + "x%20".repeat(1_000_000) + "&" + "a=".repeat(50);
    long t0 = System.nanoTime();
    Form f = parse(body);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(f.get("content")).hasSize(2_000_000);
    assertThat(ms).as("took %s ms", ms).isLessThan(5_000);
  }
}
