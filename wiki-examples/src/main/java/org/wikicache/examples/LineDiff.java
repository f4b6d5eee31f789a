package org.wikicache.examples;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A line diff of two texts (java-diff-utils' Myers diff), as rows for a template: each row has a
 * {@code kind} ({@code same}, {@code del}, {@code ins}), a {@code sign} and the {@code text}.
 * Unchanged runs longer than the context are folded into one {@code skip} row.
 */
final class LineDiff {
  private LineDiff() {}

  private static final int CONTEXT = 3;

  /** The rows of the diff from {@code from} to {@code to}. */
  static List<Map<String, Object>> rows(String from, String to) {
    List<String> a = from.lines().toList();
    List<String> b = to.lines().toList();
    Patch<String> patch = DiffUtils.diff(a, b);
    List<Map<String, Object>> rows = new ArrayList<>();
    int pos = 0;
    for (AbstractDelta<String> delta : patch.getDeltas()) {
      int start = delta.getSource().getPosition();
      same(rows, a, pos, start, pos == 0);
      for (String line : delta.getSource().getLines()) {
        rows.add(row("del", "-", line));
      }
      for (String line : delta.getTarget().getLines()) {
        rows.add(row("ins", "+", line));
      }
      pos = start + delta.getSource().size();
    }
    if (pos < a.size()) {
      int end = Math.min(a.size(), pos + CONTEXT);
      for (int i = pos; i < end; i++) {
        rows.add(row("same", " ", a.get(i)));
      }
      if (end < a.size()) {
        rows.add(row("skip", "…", (a.size() - end) + " unchanged lines"));
      }
    }
    return rows;
  }

  private static void same(List<Map<String, Object>> rows, List<String> a, int from, int to,
      boolean atStart) {
    int n = to - from;
    if (n <= 2 * CONTEXT || (atStart && n <= CONTEXT)) {
      for (int i = from; i < to; i++) {
        rows.add(row("same", " ", a.get(i)));
      }
      return;
    }
    if (!atStart) {
      for (int i = from; i < from + CONTEXT; i++) {
        rows.add(row("same", " ", a.get(i)));
      }
    }
    int skipped = n - CONTEXT - (atStart ? 0 : CONTEXT);
    rows.add(row("skip", "…", skipped + " unchanged lines"));
    for (int i = to - CONTEXT; i < to; i++) {
      rows.add(row("same", " ", a.get(i)));
    }
  }

  private static Map<String, Object> row(String kind, String sign, String text) {
    return Map.of("kind", kind, "sign", sign, "text", text);
  }
}
