package org.wikicache.examples;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A line diff of two texts with a bounded cost, as rows for a template.
 *
 * <p>Myers' O(ND) algorithm costs time proportional to the lines times the differences, and
 * memory for its trace proportional to the square of the differences: two 2 MiB pages whose lines
 * all differ would take minutes. So the diff first drops the lines the texts share at the start
 * and the end (cheap, and all an append or a local edit needs), compares lines by number after
 * interning them once, and then runs Myers with two limits: at most {@code maxEdits} inserted plus
 * deleted lines, and at most {@code budget} steps (diagonals visited plus lines compared). Past
 * either limit the answer is {@link TooDifferent}: the page says the revisions are too different to
 * show line by line, with their sizes, instead of spending more. With the defaults a diff takes at
 * most a few hundred milliseconds of one core and about 50 MiB for two 2 MiB texts of one-character
 * lines (far less for real pages).
 *
 * <pre>{@code
 * LineDiff.Result d = LineDiff.compare(oldText, newText);
 * if (d.tooDifferent() != null) { ... } else { d.rows() ... }
 * }</pre>
 *
 * <p>Thread-safe (no state).
 */
final class LineDiff {
  private LineDiff() {}

  /** The most inserted plus deleted lines shown line by line. */
  static final int MAX_EDITS = 2_000;
  /** The most steps one diff may take (about 100 ms of one core). */
  static final long BUDGET = 30_000_000;
  /** The most lines between the common start and end that are compared at all. */
  static final int MAX_LINES = 400_000;
  /** Unchanged lines shown around each change. */
  static final int CONTEXT = 3;

  /** One row: {@code kind} is {@code same}, {@code del}, {@code ins} or {@code skip}. */
  record Row(String kind, String sign, String text) {}

  /** Why there are no rows: the sizes of the two texts and what they share at their ends. */
  record TooDifferent(int fromLines, int toLines, int sameAtStart, int sameAtEnd) {}

  /**
   * The diff: rows, or (when over a limit) {@code tooDifferent} and no rows.
   *
   * @param same true if the texts have the same lines
   */
  record Result(List<Row> rows, boolean same, @Nullable TooDifferent tooDifferent) {}

  /** The diff from {@code from} to {@code to} with the default limits. */
  static Result compare(String from, String to) {
    return compare(from, to, MAX_EDITS, BUDGET, CONTEXT);
  }

  /**
   * The diff from {@code from} to {@code to}, or {@link TooDifferent} past either limit, with
   * {@code context} unchanged lines around each change.
   */
  static Result compare(String from, String to, int maxEdits, long budget, int context) {
    checkArgument(maxEdits >= 0 && budget >= 0 && context >= 0, "limits must not be negative");
    Lines a = new Lines(from);
    Lines b = new Lines(to);
    int start = 0;
    while (start < a.count && start < b.count && a.sameLine(start, b, start)) {
      start++;
    }
    int endA = a.count;
    int endB = b.count;
    while (endA > start && endB > start && a.sameLine(endA - 1, b, endB - 1)) {
      endA--;
      endB--;
    }
    List<Run> middle;
    int changed = (endA - start) + (endB - start);
    if (start == endA && start == endB) {  // the same lines
      middle = List.of();
    } else if (changed > maxEdits) {
      // more changed lines than are shown (a one-sided change needs no Myers, but its rows and
      // their HTML grow with it all the same)
      middle = start == endA || start == endB || changed > MAX_LINES ? null
          : myers(a, b, start, endA, endB, maxEdits, budget);
    } else if (start == endA || start == endB) {  // only insertions, or only deletions
      middle = List.of(new Run(false, start, endA, start, endB));
    } else {
      middle = myers(a, b, start, endA, endB, maxEdits, budget);
    }
    if (middle == null) {
      return new Result(List.of(), false,
          new TooDifferent(a.count, b.count, start, a.count - endA));
    }
    List<Run> all = new ArrayList<>();
    all.add(new Run(true, 0, start, 0, start));
    all.addAll(middle);
    all.add(new Run(true, endA, a.count, endB, b.count));
    all.removeIf(r -> r.aFrom() == r.aTo() && r.bFrom() == r.bTo());
    return new Result(rows(all, a, b, context), a.count == b.count && start == a.count, null);
  }

  /**
   * A stretch of the edit script: {@code same} lines {@code a[aFrom, aTo) = b[bFrom, bTo)}, or a
   * change that deletes {@code a[aFrom, aTo)} and inserts {@code b[bFrom, bTo)}.
   */
  private record Run(boolean same, int aFrom, int aTo, int bFrom, int bTo) {}

  /**
   * Myers' greedy algorithm on the lines {@code a[start, endA)} and {@code b[start, endB)},
   * keeping the frontier of each round (to walk the path back); null past {@code maxEdits} or
   * {@code budget}.
   */
  private static @Nullable List<Run> myers(Lines la, Lines lb, int start, int endA, int endB,
      int maxEdits, long budget) {
    int[][] ids = Interner.ids(la, start, endA, lb, start, endB);
    int[] a = ids[0];
    int[] b = ids[1];
    int n = a.length;
    int m = b.length;
    int max = Math.min(n + m, maxEdits);
    int offset = max + 1;
    int[] v = new int[2 * max + 3];
    List<int[]> trace = new ArrayList<>();
    long work = 0;
    for (int d = 0; d <= max; d++) {
      for (int k = -d; k <= d; k += 2) {
        boolean down = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]);
        int startX = down ? v[offset + k + 1] : v[offset + k - 1] + 1;
        int px = startX;
        int py = px - k;
        while (px < n && py < m && a[px] == b[py]) {
          px++;
          py++;
        }
        work += 1 + px - startX;
        v[offset + k] = px;
        if (px >= n && py >= m) {
          trace.add(Arrays.copyOfRange(v, offset - d, offset + d + 1));
          return walkBack(trace, d, n, m, start, start);
        }
      }
      trace.add(Arrays.copyOfRange(v, offset - d, offset + d + 1));
      if (work > budget) {
        return null;
      }
    }
    return null;
  }

  /** The runs of the path that reached the end in round {@code dEnd}, in order. */
  private static List<Run> walkBack(List<int[]> trace, int dEnd, int n, int m, int a0, int b0) {
    List<Run> reversed = new ArrayList<>();
    int x = n;
    int y = m;
    for (int d = dEnd; d > 0; d--) {
      int[] prev = trace.get(d - 1);  // index k + (d - 1)
      int k = x - y;
      boolean down = k == -d || (k != d && prev[k - 1 + d - 1] < prev[k + 1 + d - 1]);
      int prevK = down ? k + 1 : k - 1;
      int prevX = prev[prevK + d - 1];
      int prevY = prevX - prevK;
      int moveX = down ? prevX : prevX + 1;  // where the one-line edit of this round ended
      int moveY = moveX - k;
      if (x > moveX) {
        reversed.add(new Run(true, a0 + moveX, a0 + x, b0 + moveY, b0 + y));
      }
      reversed.add(new Run(false, a0 + prevX, a0 + moveX, b0 + prevY, b0 + moveY));
      x = prevX;
      y = prevY;
    }
    if (x > 0) {
      reversed.add(new Run(true, a0, a0 + x, b0, b0 + y));
    }
    List<Run> runs = new ArrayList<>(reversed.size());
    for (int i = reversed.size() - 1; i >= 0; i--) {  // in order, with adjacent edits merged
      Run r = reversed.get(i);
      Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
      if (last != null && last.same() == r.same()) {
        runs.set(runs.size() - 1, new Run(r.same(), last.aFrom(), r.aTo(), last.bFrom(), r.bTo()));
      } else {
        runs.add(r);
      }
    }
    return runs;
  }

  /** The rows of the runs, with unchanged stretches folded to {@code context} lines a side. */
  private static List<Row> rows(List<Run> runs, Lines a, Lines b, int context) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Run r = runs.get(i);
      if (!r.same()) {
        for (int j = r.aFrom(); j < r.aTo(); j++) {
          rows.add(new Row("del", "-", a.line(j)));
        }
        for (int j = r.bFrom(); j < r.bTo(); j++) {
          rows.add(new Row("ins", "+", b.line(j)));
        }
        continue;
      }
      boolean first = i == 0;
      boolean last = i == runs.size() - 1;
      int n = r.aTo() - r.aFrom();
      // context after the change before, and before the change after; the same text
      // throughout is shown if it is short, else only said
      long head = first ? 0 : context;
      long tail = last ? 0 : context;
      if (first && last && n > 2L * context + 1) {
        rows.add(new Row("skip", "…", n + " unchanged lines"));
        continue;
      }
      if (n <= head + tail + 1 || first && last) {  // never fold a single line
        for (int j = r.aFrom(); j < r.aTo(); j++) {
          rows.add(new Row("same", " ", a.line(j)));
        }
        continue;
      }
      for (int j = r.aFrom(); j < r.aFrom() + head; j++) {  // head, tail < n here
        rows.add(new Row("same", " ", a.line(j)));
      }
      rows.add(new Row("skip", "…", (n - head - tail) + " unchanged lines"));
      for (int j = (int) (r.aTo() - tail); j < r.aTo(); j++) {
        rows.add(new Row("same", " ", a.line(j)));
      }
    }
    return rows;
  }

  /**
   * The lines of a text without copying them: the start of each line (ends are found again when
   * a line is shown). Lines end at {@code \n}, {@code \r\n} or {@code \r}, as in {@link
   * String#lines()}.
   */
  static final class Lines {
    final String text;
    final int[] starts;  // starts[count] is the end of the text (after the last terminator)
    final int count;

    Lines(String text) {
      this.text = text;
      int[] s = new int[16];
      int n = 0;
      int i = 0;
      int len = text.length();
      while (i < len) {
        if (n + 1 >= s.length) {
          s = Arrays.copyOf(s, s.length * 2);
        }
        s[n++] = i;
        while (i < len && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
          i++;
        }
        if (i < len && text.charAt(i) == '\r' && i + 1 < len && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (i < len) {
          i++;
        }
      }
      s[n] = len;
      this.starts = s;
      this.count = n;
    }

    /** Where line {@code i} ends, before its terminator. */
    int end(int i) {
      int e = starts[i + 1];
      if (e > starts[i] && text.charAt(e - 1) == '\n') {
        e--;
      }
      if (e > starts[i] && text.charAt(e - 1) == '\r') {
        e--;
      }
      return e;
    }

    String line(int i) {
      return text.substring(starts[i], end(i));
    }

    /** True if line {@code i} equals line {@code j} of {@code other}. */
    boolean sameLine(int i, Lines other, int j) {
      int from = starts[i];
      int length = end(i) - from;
      int otherFrom = other.starts[j];
      return other.end(j) - otherFrom == length
          && text.regionMatches(from, other.text, otherFrom, length);
    }
  }

  /**
   * Numbers the lines {@code a[a0, a1)} and {@code b[b0, b1)} so that equal lines get equal
   * numbers (the index of their slot in an open-addressing table), to compare lines as ints.
   */
  private static final class Interner {
    private Interner() {}

    static int[][] ids(Lines a, int a0, int a1, Lines b, int b0, int b1) {
      int na = a1 - a0;
      int total = na + (b1 - b0);
      int size = Integer.highestOneBit(Math.max(4, total * 2 - 1)) << 1;
      int[] slotLine = new int[size];  // 1 + the index (a's lines, then b's) of the slot's line
      int[] slotHash = new int[size];
      int[][] out = {new int[na], new int[b1 - b0]};
      for (int g = 0; g < total; g++) {
        Lines lines = g < na ? a : b;
        int i = g < na ? a0 + g : b0 + g - na;
        int h = hash(lines.text, lines.starts[i], lines.end(i));
        int slot = h & (size - 1);
        while (true) {
          int owner = slotLine[slot] - 1;
          if (owner < 0) {
            slotLine[slot] = g + 1;
            slotHash[slot] = h;
            break;
          }
          if (slotHash[slot] == h && (owner < na ? a : b)
              .sameLine(owner < na ? a0 + owner : b0 + owner - na, lines, i)) {
            break;
          }
          slot = (slot + 1) & (size - 1);
        }
        out[g < na ? 0 : 1][g < na ? g : g - na] = slot;
      }
      return out;
    }

    private static int hash(String s, int from, int to) {
      int h = 0x9E3779B9;
      for (int i = from; i < to; i++) {
        h = 31 * h + s.charAt(i);
      }
      h ^= h >>> 16;
      h *= 0x85EBCA6B;
      h ^= h >>> 13;
      return h;
    }
  }
}
