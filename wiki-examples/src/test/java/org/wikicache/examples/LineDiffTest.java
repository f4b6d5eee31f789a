package org.wikicache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bounded diff: minimal and faithful on small texts (checked against a brute-force LCS),
 * folded around changes, and quick to give up on texts too different to show: the cases of the
 * issue (10k and 30k lines that all differ, two different 2 MiB pages) take well under a second.
 */
class LineDiffTest {
  private static final int ALL = Integer.MAX_VALUE / 4;

  @Test
  void smallRandomTextsGetAMinimalScriptThatRebuildsBothTexts() {
    Random random = new Random(42);
    for (int round = 0; round < 3_000; round++) {
      List<String> a = randomLines(random);
      List<String> b = randomLines(random);
      LineDiff.Result d = LineDiff.compare(text(a), text(b), LineDiff.MAX_EDITS, LineDiff.BUDGET,
          ALL);
      assertThat(d.tooDifferent()).isNull();
      List<String> rebuiltA = new ArrayList<>();
      List<String> rebuiltB = new ArrayList<>();
      int edits = 0;
      for (LineDiff.Row row : d.rows()) {
        switch (row.kind()) {
          case "same" -> {
            rebuiltA.add(row.text());
            rebuiltB.add(row.text());
          }
          case "del" -> {
            rebuiltA.add(row.text());
            edits++;
          }
          case "ins" -> {
            rebuiltB.add(row.text());
            edits++;
          }
          default -> throw new AssertionError("unexpected row " + row);
        }
      }
      assertThat(rebuiltA).as("%s -> %s", a, b).isEqualTo(a);
      assertThat(rebuiltB).as("%s -> %s", a, b).isEqualTo(b);
      assertThat(edits).as("%s -> %s", a, b).isEqualTo(a.size() + b.size() - 2 * lcs(a, b));
      assertThat(d.same()).isEqualTo(a.equals(b));
    }
  }

  @Test
  void unchangedStretchesAreFoldedToThreeLinesOfContext() {
    StringBuilder a = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      a.append("line ").append(i).append('\n');
    }
    String b = a.toString().replace("line 10\n", "line ten\n");
    List<LineDiff.Row> rows = LineDiff.compare(a.toString(), b).rows();
    assertThat(rows).extracting(LineDiff.Row::kind).containsExactly(
        "skip", "same", "same", "same", "del", "ins", "same", "same", "same", "skip");
    assertThat(rows.get(0).text()).isEqualTo("7 unchanged lines");
    assertThat(rows.get(4).text()).isEqualTo("line 10");
    assertThat(rows.get(5).text()).isEqualTo("line ten");
    assertThat(LineDiff.compare("same", "same").rows()).extracting(LineDiff.Row::kind)
        .containsOnly("same");
    assertThat(LineDiff.compare(a.toString(), a.toString()).rows())
        .extracting(LineDiff.Row::text).containsExactly("20 unchanged lines");
  }

  @Test
  void lineEndingsAreThoseOfStringLines() {
    LineDiff.Result d = LineDiff.compare("a\r\nb\rc\n", "a\nb\nc", 10, 1000, ALL);
    assertThat(d.same()).isTrue();
    assertThat(d.rows()).extracting(LineDiff.Row::text).containsExactly("a", "b", "c");
    assertThat(LineDiff.compare("", "x\n").rows()).extracting(LineDiff.Row::kind)
        .containsExactly("ins");
  }

  @Test
  void pastEitherLimitTheAnswerIsTooDifferentWithTheSizes() {
    String a = "keep\n" + "x1\nx2\nx3\nx4\n" + "end\n";
    String b = "keep\n" + "y1\ny2\ny3\ny4\n" + "end\n";
    LineDiff.TooDifferent over = LineDiff.compare(a, b, 7, LineDiff.BUDGET, 3).tooDifferent();
    assertThat(over).isEqualTo(new LineDiff.TooDifferent(6, 6, 1, 1));
    assertThat(LineDiff.compare(a, b, 8, LineDiff.BUDGET, 3).tooDifferent()).isNull();
    assertThat(LineDiff.compare(a, b, 8, 5, 3).tooDifferent()).isNotNull();
  }

  @Test
  void aOneSidedChangeIsBoundedToo() {
    // two million empty lines added (or removed) would be two million rows, and ~85 MB of HTML
    String a = "a";
    String b = "a" + "\n".repeat(2 * 1024 * 1024);
    LineDiff.TooDifferent added = LineDiff.compare(a, b).tooDifferent();
    assertThat(added).isNotNull();
    assertThat(added.fromLines()).isEqualTo(1);
    assertThat(added.toLines()).isGreaterThan(2 * 1000 * 1000);
    assertThat(LineDiff.compare(b, a).tooDifferent()).isNotNull();
    // up to the limit it is shown line by line
    String some = "a\n" + "new\n".repeat(LineDiff.MAX_EDITS);
    LineDiff.Result shown = LineDiff.compare("a\n", some);
    assertThat(shown.tooDifferent()).isNull();
    assertThat(shown.rows()).filteredOn(r -> r.kind().equals("ins")).hasSize(LineDiff.MAX_EDITS);
    assertThat(LineDiff.compare("a\n", some + "one more\n").tooDifferent()).isNotNull();
  }

  @Test
  void tenThousandAndThirtyThousandLinesThatAllDifferAreRefusedQuickly() {
    for (int lines : new int[] {10_000, 30_000}) {
      String a = numbered("a", lines, 0);
      String b = numbered("b", lines, 0);
      long t0 = System.nanoTime();
      LineDiff.Result d = LineDiff.compare(a, b);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(d.tooDifferent()).isEqualTo(new LineDiff.TooDifferent(lines, lines, 0, 0));
      assertThat(ms).as("%s lines took %s ms", lines, ms).isLessThan(5_000);
    }
  }

  @Test
  void twoDifferentTwoMebibytePagesAreBounded() {
    Random random = new Random(7);
    String a = randomPage(random, 2 * 1024 * 1024);
    String b = randomPage(random, 2 * 1024 * 1024);
    long t0 = System.nanoTime();
    LineDiff.Result d = LineDiff.compare(a, b);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(d.tooDifferent()).isNotNull();
    assertThat(ms).as("two different 2 MiB pages took %s ms", ms).isLessThan(5_000);

    // the same page with a few scattered edits is shown line by line, also quickly
    StringBuilder edited = new StringBuilder(a);
    for (int at = 1_000; at < edited.length() - 100; at += 40_000) {  // about 50 edits
      int line = edited.indexOf("\n", at) + 1;
      edited.insert(line, "WIKI ");
    }
    t0 = System.nanoTime();
    LineDiff.Result small = LineDiff.compare(a, edited.toString());
    ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(small.tooDifferent()).isNull();
    assertThat(small.rows()).anyMatch(r -> r.kind().equals("ins") && r.text().contains("WIKI"));
    assertThat(ms).as("a 2 MiB page with scattered edits took %s ms", ms).isLessThan(5_000);
  }

  @Test
  void theWorstCaseWithinTheLimitsIsBounded() {
    // every other line changed, up to just under MAX_EDITS: the most work that still shows rows
    int lines = LineDiff.MAX_EDITS / 2 - 2;
    String a = numbered("line", lines, 0);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      b.append(i % 2 == 0 ? "line " + i : "changed " + i).append('\n');
    }
    long t0 = System.nanoTime();
    LineDiff.Result d = LineDiff.compare(a, b.toString());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(d.tooDifferent()).isNull();
    assertThat(d.rows().stream().filter(r -> !r.kind().equals("same")
        && !r.kind().equals("skip")).count()).isEqualTo(lines / 2 * 2);
    assertThat(ms).as("took %s ms", ms).isLessThan(5_000);
  }

  private static List<String> randomLines(Random random) {
    int n = random.nextInt(9);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add(String.valueOf((char) ('a' + random.nextInt(3))));
    }
    return lines;
  }

  private static String text(List<String> lines) {
    StringBuilder sb = new StringBuilder();
    lines.forEach(l -> sb.append(l).append('\n'));
    return sb.toString();
  }

  private static int lcs(List<String> a, List<String> b) {
    int[][] t = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        t[i][j] = a.get(i).equals(b.get(j)) ? t[i + 1][j + 1] + 1
            : Math.max(t[i + 1][j], t[i][j + 1]);
      }
    }
    return t[0][0];
  }

  static String numbered(String prefix, int lines, int from) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      sb.append(prefix).append(' ').append(from + i).append('\n');
    }
    return sb.toString();
  }

  /** About {@code bytes} of ASCII prose in lines of 20–100 characters. */
  static String randomPage(Random random, int bytes) {
    String[] words = {"wiki", "cache", "memcached", "page", "revision", "store", "hit", "miss",
        "lease", "the", "a", "of", "and", "to", "in"};
    StringBuilder sb = new StringBuilder(bytes + 128);
    while (sb.length() < bytes - 120) {
      int target = 20 + random.nextInt(80);
      int start = sb.length();
      while (sb.length() - start < target) {
        sb.append(words[random.nextInt(words.length)]).append(' ');
      }
      sb.append(random.nextInt(1_000_000)).append('\n');
    }
    return sb.toString();
  }
}
