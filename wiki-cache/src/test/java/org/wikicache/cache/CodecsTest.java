package org.wikicache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.Revision;
import org.wikicache.core.Role;
import org.wikicache.core.User;

class CodecsTest {
  private static final Instant T = Instant.parse("2026-11-23T10:15:30.123456789Z");
  private static final PageName NAME = PageName.of("Ünïcode/Page 😀");

  @Test
  void everyValueRoundTrips() {
    Page page = new Page(NAME, 7, "content ✓\r\n\0-free but 'quoted' \"x\"", "ada", T);
    Revision revision = Revision.create(NAME, 3, 2, "bob", T, "comment", "text");
    User user = new User(42, "ada", "ada@example.org", "Ada", "bio\nline", EnumSet.of(Role.ADMIN),
        T);
    User plain = new User(43, "bob", "", "", "", Set.of(), T);

    assertThat(Codecs.PAGE.decode(Codecs.PAGE.encode(page))).isEqualTo(page);
    assertThat(Codecs.REVISION.decode(Codecs.REVISION.encode(revision))).isEqualTo(revision);
    assertThat(Codecs.USER.decode(Codecs.USER.encode(user))).isEqualTo(user);
    assertThat(Codecs.USER.decode(Codecs.USER.encode(plain))).isEqualTo(plain);
    assertThat(Codecs.REVISION_INFOS.decode(Codecs.REVISION_INFOS.encode(
        List.of(revision.info(), revision.info())))).containsExactly(revision.info(),
        revision.info());
    assertThat(Codecs.PAGE_NAMES.decode(Codecs.PAGE_NAMES.encode(List.of(NAME))))
        .containsExactly(NAME);
    assertThat(Codecs.STRING.decode(Codecs.STRING.encode("<p>html</p>"))).isEqualTo("<p>html</p>");
  }

  @Test
  void decodesInPlacePastAPrefix() {
    Page page = new Page(NAME, 2, "text", "ada", T);
    byte[] encoded = Codecs.PAGE.encode(page);
    byte[] prefixed = new byte[encoded.length + 3];
    System.arraycopy(encoded, 0, prefixed, 3, encoded.length);

    assertThat(Codecs.PAGE.decode(prefixed, 3)).isEqualTo(page);
    assertThatThrownBy(() -> Codecs.PAGE.decode(prefixed, 2)).isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> Codecs.PAGE.decode(prefixed, prefixed.length + 1))
        .isInstanceOf(CodecException.class);
  }

  @Test
  void aPageOf4KiBEncodesCompactly() {
    Page page = new Page(PageName.of("Main"), 1, "x".repeat(4096), "ada", T);

    assertThat(Codecs.PAGE.encode(page).length).isLessThan(4096 + 64);
  }

  @Test
  void badBytesNeverDecode() {
    byte[] good = Codecs.PAGE.encode(new Page(NAME, 1, "text", "ada", T));
    byte[] truncated = Arrays.copyOf(good, good.length - 3);
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    byte[] wrongTag = Codecs.USER.encode(new User(1, "ada", "", "", "", Set.of(), T));
    byte[] futureVersion = good.clone();
    futureVersion[1] = 9;
    byte[] hugeLength = {'P', 1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    byte[] invalidName = Codecs.STRING.encode("_reserved");
    invalidName[0] = 'P';

    for (byte[] bad : List.of(new byte[0], new byte[] {'P'}, truncated, trailing, wrongTag,
        futureVersion, hugeLength, invalidName)) {
      assertThatThrownBy(() -> Codecs.PAGE.decode(bad)).isInstanceOf(CodecException.class);
    }
  }

  @Test
  void unknownRoleBitsAreRefused() {
    byte[] bytes = Codecs.USER.encode(new User(1, "ada", "", "", "", Set.of(), T));
    // roles are the int before the 12-byte instant at the end
    bytes[bytes.length - 13] = (byte) 0x80;

    assertThatThrownBy(() -> Codecs.USER.decode(bytes)).isInstanceOf(CodecException.class);
  }
}
