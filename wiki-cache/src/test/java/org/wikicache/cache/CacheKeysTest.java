package org.wikicache.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wikicache.core.PageName;
import org.wikicache.memcache.internal.MemcacheKeys;

class CacheKeysTest {
  @Test
  void plainNamesStayReadable() {
    assertThat(CacheKeys.page(PageName.of("Main"))).isEqualTo("wiki:v1:page:Main");
    assertThat(CacheKeys.revision(PageName.of("a/b"), 3)).isEqualTo("wiki:v1:rev:3:a/b");
    assertThat(CacheKeys.userById(7)).isEqualTo("wiki:v1:user:7");
    assertThat(CacheKeys.userByName("Ada")).isEqualTo("wiki:v1:user-name:ada");
  }

  @Test
  void everyKeyIsALegalMemcacheKey() {
    List<String> names = List.of("with space", "tab\tinside".replace('\t', ' '), "x".repeat(255),
        "é".repeat(127), "line\u2028sep".replace('\u2028', '_'), "joiner\u200dhere", "a:b:c");
    for (String name : names) {
      for (String key : List.of(CacheKeys.page(PageName.of(name)),
          CacheKeys.revision(PageName.of(name), Long.MAX_VALUE),
          CacheKeys.derived("html", PageName.of(name), 1), CacheKeys.custom("x", name + "\r\n"),
          CacheKeys.userByName(name))) {
        assertThat(key.getBytes(UTF_8).length).as(key).isLessThanOrEqualTo(250);
        assertThat(key.chars().noneMatch(c -> c <= ' ' || c == 0x7f)).as(key).isTrue();
        assertThat(MemcacheKeys.isValidKey(key)).as(key).isTrue();
      }
    }
  }

  @Test
  void hashedKeysCannotCollideWithLiteralNames() {
    String hashed = CacheKeys.page(PageName.of("with space"));

    assertThat(hashed).startsWith("wiki:v1:page#:");
    // No literal page name can produce the "page#" kind: kinds are fixed by the code.
    assertThat(CacheKeys.page(PageName.of("#:abc"))).isEqualTo("wiki:v1:page:#:abc");
  }

  @Test
  void numbersComeBeforeNamesSoTriplesNeverShareAKey() {
    assertThat(CacheKeys.revision(PageName.of("X:5"), 1))
        .isNotEqualTo(CacheKeys.revision(PageName.of("X"), 51));
    assertThat(CacheKeys.revision(PageName.of("5:X"), 1))
        .isNotEqualTo(CacheKeys.revision(PageName.of("X"), 15));
  }

  @Test
  void kindsAreValidated() {
    assertThatThrownBy(() -> CacheKeys.custom("Bad Kind", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CacheKeys.derived("", PageName.of("x"), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
