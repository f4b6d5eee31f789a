package org.wikicache.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.wikicache.core.PageName;

/** Builds URL paths for page names: each byte outside the safe set is percent-encoded. */
final class Paths {
  private Paths() {}

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** {@code name} as a URL path fragment, keeping {@code /} between segments. */
  static String encode(PageName name) {
    return encode(name.value());
  }

  /** {@code value} percent-encoded for a path, keeping unreserved characters and {@code /}. */
  static String encode(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (byte b : value.getBytes(UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}
