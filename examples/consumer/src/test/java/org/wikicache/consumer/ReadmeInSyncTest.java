package org.wikicache.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README cannot drift: its Java snippets, in order, must equal the regions of
 * {@link ReadmeSnippets} marked {@code // README snippet {} ... {@code // }}, line by line after
 * removing each region's common indentation. Change one, change the other.
 */
class ReadmeInSyncTest {
  private static final Path SNIPPETS =
      Path.of("src/main/java/org/wikicache/consumer/ReadmeSnippets.java");

  @Test
  void everyJavaSnippetOfTheReadmeIsCopiedHereVerbatim() throws IOException {
    String readme = System.getProperty("wikicache.readme");
    assertNotNull(readme, "system property wikicache.readme (the README's path) is not set");
    List<String> inReadme = readmeSnippets(Files.readAllLines(Path.of(readme)));
    List<String> here = markedRegions(Files.readAllLines(SNIPPETS));
    assertFalse(inReadme.isEmpty(), "the README has no ```java block: " + readme);
    for (int i = 0; i < Math.max(inReadme.size(), here.size()); i++) {
      String expected = i < inReadme.size() ? inReadme.get(i) : "(no such snippet in the README)";
      String actual = i < here.size() ? here.get(i) : "(no such region in ReadmeSnippets.java)";
      assertEquals(expected, actual, "README snippet " + (i + 1) + " of " + inReadme.size()
          + " differs from its copy in ReadmeSnippets.java (region " + (i + 1) + " of "
          + here.size() + "): update the one that is behind");
    }
  }

  /** The ```java blocks of a Markdown file, dedented. */
  static List<String> readmeSnippets(List<String> lines) {
    return blocks(lines, "```java", "```");
  }

  /** The regions between {@code // README snippet {} and {@code // }} lines, dedented. */
  static List<String> markedRegions(List<String> lines) {
    return blocks(lines, "// README snippet {", "// }");
  }

  private static List<String> blocks(List<String> lines, String open, String close) {
    List<String> out = new ArrayList<>();
    List<String> current = null;
    for (String line : lines) {
      if (current == null && line.strip().equals(open)) {
        current = new ArrayList<>();
      } else if (current != null && line.strip().equals(close)) {
        out.add(dedent(current));
        current = null;
      } else if (current != null) {
        current.add(line);
      }
    }
    return out;
  }

  /** The lines joined, without the indentation they all share and without trailing spaces. */
  static String dedent(List<String> lines) {
    int indent = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(line.isBlank() ? "" : line.substring(indent).stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
