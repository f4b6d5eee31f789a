package org.wikicache.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wikicache.core.PageName;
import org.wikicache.memcache.internal.MemcacheKeys;

class CacheKeysTest {
  private static final CacheKeys KEYS = new CacheKeys("wiki", "e1");

  @Test
  void plainNamesStayReadable() {
    assertThat(KEYS.page(PageName.of("Main"))).isEqualTo("wiki:e1:v2:page:Main");
    assertThat(KEYS.revision(PageName.of("a/b"), 3)).isEqualTo("wiki:e1:v2:rev:3:a/b");
    assertThat(KEYS.userById(7)).isEqualTo("wiki:e1:v2:user:7");
    assertThat(KEYS.userByName("Ada")).isEqualTo("wiki:e1:v2:user-name:ada");
  }

  @Test
  void everyKeyIsALegalMemcacheKey() {
    List<String> names = List.of("with space", "tab\tinside".replace('\t', ' '), "x".repeat(255),
        "é".repeat(127), "line\u2028sep".replace('\u2028', '_'), "a:b:c");
    for (String name : names) {
      for (String key : List.of(KEYS.page(PageName.of(name)),
          KEYS.revision(PageName.of(name), Long.MAX_VALUE),
          KEYS.derived("html", PageName.of(name), 1), KEYS.custom("x", name + "\r\n"),
          KEYS.userByName(name))) {
        assertThat(key.getBytes(UTF_8).length).as(key).isLessThanOrEqualTo(250);
        assertThat(key.chars().noneMatch(c -> c <= ' ' || c == 0x7f)).as(key).isTrue();
        assertThat(MemcacheKeys.isValidKey(key)).as(key).isTrue();
      }
    }
  }

  @Test
  void hashedKeysCannotCollideWithLiteralNames() {
    String hashed = KEYS.page(PageName.of("with space"));

    assertThat(hashed).startsWith("wiki:e1:v2:page#:");
    // No literal page name can produce the "page#" kind: kinds are fixed by the code.
    assertThat(KEYS.page(PageName.of("#:abc"))).isEqualTo("wiki:e1:v2:page:#:abc");
  }

  @Test
  void numbersComeBeforeNamesSoTriplesNeverShareAKey() {
    assertThat(KEYS.revision(PageName.of("X:5"), 1))
        .isNotEqualTo(KEYS.revision(PageName.of("X"), 51));
    assertThat(KEYS.revision(PageName.of("5:X"), 1))
        .isNotEqualTo(KEYS.revision(PageName.of("X"), 15));
  }

  @Test
  void kindsAreValidated() {
    assertThatThrownBy(() -> KEYS.custom("Bad Kind", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KEYS.derived("", PageName.of("x"), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theNamespaceBeginsEveryKeyAndNoNamespaceCanReachAnothersKeys() {
    CacheKeys tenant = new CacheKeys("tenant-a", "e1");
    PageName main = PageName.of("Main");
    assertThat(tenant.page(main)).isEqualTo("tenant-a:e1:v2:page:Main");
    assertThat(tenant.landingGeneration()).startsWith("tenant-a:e1:v2:");
    assertThat(tenant.userById(1)).isNotEqualTo(KEYS.userById(1));
    // ':' is not allowed in a namespace, so "wiki" + a name can never equal another namespace.
    assertThatThrownBy(() -> new CacheKeys("wiki:e1:v2:page", "e1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace");
    assertThatThrownBy(() -> new CacheKeys("", "e1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CacheKeys("a".repeat(65), "e1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(MemcacheKeys.isValidKey(new CacheKeys("n".repeat(64), "zzzzzzzzzzzzz")
        .revision(PageName.of("x".repeat(255)), Long.MAX_VALUE))).isTrue();
  }

  @Test
  void aChangeObsoletesTheKeysOfWhatItNames() {
    PageName main = PageName.of("Main");
    assertThat(KEYS.obsoletedBy(org.wikicache.core.ChangeLog.Change.page(main)))
        .containsExactly(KEYS.page(main), KEYS.writeToken(main), KEYS.landingGeneration());
    assertThat(KEYS.obsoletedBy(org.wikicache.core.ChangeLog.Change.user(7)))
        .containsExactly(KEYS.userById(7));
    assertThat(KEYS.obsoletedBy(org.wikicache.core.ChangeLog.Change.username("Ada")))
        .containsExactly(KEYS.userByName("ada"));
  }

  @Test
  void theEpochIsPartOfEveryKeySoANewOneMissesEverything() {
    CacheKeys next = new CacheKeys("wiki", "e2");
    PageName main = PageName.of("Main");
    assertThat(next.page(main)).isNotEqualTo(KEYS.page(main));
    assertThat(next.landingGeneration()).isNotEqualTo(KEYS.landingGeneration());
    assertThat(CacheKeys.epochKey("wiki")).isEqualTo("wiki:epoch");
    assertThat(CacheKeys.isEpoch(CacheKeys.newEpoch())).isTrue();
    assertThatThrownBy(() -> new CacheKeys("wiki", "E:1")).isInstanceOf(IllegalArgumentException.class);
  }
}
