package org.wikicache.core;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.text.Normalizer;
import java.util.List;

/**
 * The name of a wiki page, as it appears in its URL: {@code Main}, {@code Java/Records}.
 *
 * <p>Names are normalised to Unicode NFC so that one visible name is one page, whichever way the
 * browser composed its characters. A valid name has 1 to {@value #MAX_BYTES} UTF-8 bytes; it may
 * use {@code /} between segments for sub-pages, but no segment may be empty, {@code .} or
 * {@code ..}; it has no control character, and it does not start with {@code _} (the server's own
 * routes, such as {@code /_edit/}, use that prefix).
 *
 * <p>So that two names that look alike are not two pages, and two names a database compares as
 * equal are never two cache keys: no segment starts or ends with a space (MariaDB's PAD SPACE
 * collations ignore trailing spaces); the only space is U+0020 (no no-break, ideographic or other
 * Unicode spaces); and there are no invisible formatting characters that reorder or hide text
 * (the bidirectional controls U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, and U+00AD,
 * U+200B, U+2060, U+FEFF). A bad name is an {@link IllegalArgumentException} whose message names
 * the rule it broke.
 *
 * <pre>{@code
 * PageName name = PageName.of("Java/Records");
 * name.segments();   // [Java, Records]
 * }</pre>
 *
 * @param value the normalised name
 */
public record PageName(String value) implements Comparable<PageName> {
  /** The longest name, in UTF-8 bytes. */
  public static final int MAX_BYTES = 255;

  /** Normalises and validates {@code value}. */
  public PageName {
    if (value == null) {
      throw new IllegalArgumentException("page name must not be null");
    }
    if (!belowCombiningMarks(value)) {  // the common case needs no normalising pass
      value = Normalizer.normalize(value, Normalizer.Form.NFC);
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException("page name must not be empty");
    }
    int bytes = value.getBytes(UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          "page name is " + bytes + " UTF-8 bytes; at most " + MAX_BYTES + " are allowed");
    }
    if (value.startsWith("_")) {
      throw new IllegalArgumentException("page name must not start with '_' (reserved for routes)");
    }
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      if (Character.isISOControl(cp) || Character.getType(cp) == Character.LINE_SEPARATOR
          || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR) {
        throw new IllegalArgumentException(
            "page name must not contain control characters (found U+"
                + String.format("%04X", cp) + ")");
      }
      if (Character.getType(cp) == Character.SURROGATE) {
        throw new IllegalArgumentException("page name must not contain unpaired surrogates");
      }
      if (cp != ' ' && Character.getType(cp) == Character.SPACE_SEPARATOR) {
        throw new IllegalArgumentException("page name must use the plain space U+0020 only"
            + " (found U+" + String.format("%04X", cp) + ")");
      }
      if (isInvisibleFormat(cp)) {
        throw new IllegalArgumentException(
            "page name must not contain invisible or bidirectional formatting characters (found U+"
                + String.format("%04X", cp) + ")");
      }
      i += Character.charCount(cp);
    }
    int start = 0;
    while (true) {  // segments between '/' (a loop, not split(): names are decoded on every hit)
      int end = value.indexOf('/', start);
      int stop = end < 0 ? value.length() : end;
      int length = stop - start;
      if (length == 0) {
        throw new IllegalArgumentException(
            "page name must not have an empty segment (leading, trailing or double '/')");
      }
      if (value.charAt(start) == ' ' || value.charAt(stop - 1) == ' ') {
        throw new IllegalArgumentException(
            "page name must not start or end with a space, nor have one next to a '/'");
      }
      if ((length == 1 || length == 2) && value.startsWith("..".substring(0, length), start)) {
        throw new IllegalArgumentException("page name must not have a '.' or '..' segment");
      }
      if (end < 0) {
        break;
      }
      start = end + 1;
    }
  }

  /**
   * Every format character (soft hyphen, zero-width space, bidirectional controls, invisible
   * operators, U+FEFF...) but the zero-width joiner and non-joiner, which some scripts and emoji
   * need, and the characters that are drawn as nothing (the combining grapheme joiner, the Hangul
   * fillers, the blank Braille pattern): a name holding one would look like another name.
   */
  private static boolean isInvisibleFormat(int cp) {
    if (cp == 0x200C || cp == 0x200D) {
      return false;
    }
    return Character.getType(cp) == Character.FORMAT || cp == 0x034F || cp == 0x115F
        || cp == 0x1160 || cp == 0x180E || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800;
  }

  /**
   * True if every character is below U+0300, where the combining marks start: such a string is
   * already in NFC, since nothing before U+0300 composes or decomposes under NFC.
   */
  private static boolean belowCombiningMarks(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) >= '\u0300') {
        return false;
      }
    }
    return true;
  }

  /** Returns the page name for {@code value}, or throws {@link IllegalArgumentException}. */
  public static PageName of(String value) {
    return new PageName(value);
  }

  /** The {@code /}-separated segments of this name, at least one. */
  public List<String> segments() {
    return List.of(value.split("/"));
  }

  @Override
  public int compareTo(PageName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
