package org.wikicache.core.internal;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.wikicache.core.PageName;
import org.wikicache.core.SearchHit;
import org.wikicache.core.WikiStore;

/**
 * Internal, not API. What every store's {@link WikiStore#search} shares: the query's words, the
 * text that is indexed for a page, the checks, whole-word matching for stores without an engine,
 * and the plain-text snippet.
 *
 * <p><b>Thread safety:</b> stateless.
 */
public final class SearchText {
  /** The most words of a query that count. */
  public static final int MAX_TERMS = 8;
  /** Words shorter than this are ignored (MariaDB's default {@code innodb_ft_min_token_size}). */
  public static final int MIN_TERM_LENGTH = 3;
  /** Words longer than this are cut (MariaDB's {@code innodb_ft_max_token_size} is 84). */
  public static final int MAX_TERM_LENGTH = 60;

  /** InnoDB's default full-text stopwords, ignored by every store so that all agree. */
  private static final Set<String> STOPWORDS = Set.of("a", "about", "an", "are", "as", "at",
      "be", "by", "com", "de", "en", "for", "from", "how", "i", "in", "is", "it", "la", "of", "on",
      "or", "that", "the", "this", "to", "was", "what", "when", "where", "who", "will", "with",
      "und", "www");

  /** How much of a page's text is indexed, in characters. */
  public static final int MAX_INDEXED_CHARS = 100_000;

  private static final int SNIPPET_BEFORE = 60;

  private SearchText() {}

  /**
   * Checks the arguments of {@link WikiStore#search}.
   *
   * @throws IllegalArgumentException as documented there
   */
  public static void check(String query, int offset, int limit) {
    if (query == null) {
      throw new IllegalArgumentException("query must not be null");
    }
    checkArgument(query.length() <= WikiStore.MAX_SEARCH_QUERY_LENGTH,
        "search query must be at most %s characters, was %s", WikiStore.MAX_SEARCH_QUERY_LENGTH,
        query.length());
    checkArgument(offset >= 0, "offset must be >= 0, was %s", offset);
    StoreChecks.checkLimit(limit);
    long deepest = (long) offset + limit;  // as a long: an int sum could wrap past the check
    checkArgument(deepest <= WikiStore.MAX_SEARCH_RESULTS,
        "offset + limit must be at most %s, was %s", WikiStore.MAX_SEARCH_RESULTS, deepest);
  }

  /**
   * The distinct words of {@code query} that count, lower-cased, in order: runs of letters and
   * digits, at least {@link #MIN_TERM_LENGTH} long, not stopwords, at most {@link #MAX_TERMS}.
   */
  public static List<String> terms(String query) {
    Set<String> terms = new LinkedHashSet<>();
    for (String word : words(query)) {
      if (terms.size() == MAX_TERMS) {
        break;
      }
      if (word.codePointCount(0, word.length()) >= MIN_TERM_LENGTH && !STOPWORDS.contains(word)) {
        terms.add(word.length() > MAX_TERM_LENGTH ? word.substring(0, MAX_TERM_LENGTH) : word);
      }
    }
    return List.copyOf(terms);
  }

  /** The lower-cased words (runs of letters and digits) of {@code text}. */
  public static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      int cp = text.codePointAt(i);
      if (!Character.isLetterOrDigit(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      while (i < n && Character.isLetterOrDigit(text.codePointAt(i))) {
        i += Character.charCount(text.codePointAt(i));
      }
      words.add(text.substring(start, i).toLowerCase(Locale.ROOT));
    }
    return words;
  }

  /** The title a page is indexed under: its name, lower-cased, with {@code /} as a space. */
  public static String title(PageName name) {
    return name.value().replace('/', ' ').toLowerCase(Locale.ROOT);
  }

  /** The text a page is indexed under: its first {@link #MAX_INDEXED_CHARS}, lower-cased. */
  public static String body(String content) {
    String head = content.length() <= MAX_INDEXED_CHARS ? content
        : content.substring(0, Character.isHighSurrogate(content.charAt(MAX_INDEXED_CHARS - 1))
            ? MAX_INDEXED_CHARS - 1 : MAX_INDEXED_CHARS);
    return head.toLowerCase(Locale.ROOT);
  }

  /**
   * A Java regular expression that finds {@code term} as a whole word (not inside a longer run
   * of letters and digits), for stores that match with regular expressions.
   */
  public static String wholeWordRegex(String term) {
    return "(?<![\\p{L}\\p{Nd}])" + java.util.regex.Pattern.quote(term)
        + "(?![\\p{L}\\p{Nd}])";
  }

  /**
   * How many times each term occurs as a whole word in {@code title} and {@code content}
   * together, weighting the title ten times; -1 if some term does not occur at all.
   */
  public static int score(List<String> terms, String title, String content) {
    List<String> titleWords = words(title);
    List<String> bodyWords = words(content);
    int score = 0;
    for (String term : terms) {
      int hits = 0;
      for (String w : titleWords) {
        if (matches(w, term)) {
          hits += 10;
        }
      }
      for (String w : bodyWords) {
        if (matches(w, term)) {
          hits++;
        }
      }
      if (hits == 0) {
        return -1;
      }
      score += hits;
    }
    return score;
  }

  private static boolean matches(String word, String term) {
    return word.equals(term)
        || (term.length() == MAX_TERM_LENGTH && word.startsWith(term));
  }

  /**
   * A plain-text extract of {@code content} around the first whole-word occurrence of a term
   * (its start when none occurs), with white space collapsed, at most
   * {@link SearchHit#MAX_SNIPPET_LENGTH} characters, "…" marking cuts.
   */
  public static String snippet(String content, List<String> terms) {
    String flat = content.replaceAll("\\s+", " ").strip();
    int at = firstOccurrence(flat, terms);
    int max = SearchHit.MAX_SNIPPET_LENGTH - 2;
    int start = Math.max(0, at - SNIPPET_BEFORE);
    if (start > 0) {
      int space = flat.indexOf(' ', start);
      start = space >= 0 && space < at ? space + 1 : start;
    }
    int end = Math.min(flat.length(), start + max);
    if (end < flat.length()) {
      int space = flat.lastIndexOf(' ', end);
      end = space > start + max / 2 ? space : end;
    }
    if (end < flat.length() && Character.isLowSurrogate(flat.charAt(end))) {
      end--;
    }
    if (start > 0 && Character.isLowSurrogate(flat.charAt(start))) {
      start++;
    }
    return (start > 0 ? "…" : "") + flat.substring(start, end)
        + (end < flat.length() ? "…" : "");
  }

  private static int firstOccurrence(String flat, List<String> terms) {
    String lower = flat.toLowerCase(Locale.ROOT);
    if (lower.length() != flat.length()) {
      return 0;  // lower-casing changed the length: indexes would not line up
    }
    int best = -1;
    for (String term : terms) {
      int from = 0;
      while (true) {
        int i = lower.indexOf(term, from);
        if (i < 0) {
          break;
        }
        boolean startOk = i == 0 || !Character.isLetterOrDigit(lower.codePointBefore(i));
        int end = i + term.length();
        boolean endOk = end >= lower.length() || !Character.isLetterOrDigit(lower.codePointAt(end));
        if (startOk && endOk) {
          if (best < 0 || i < best) {
            best = i;
          }
          break;
        }
        from = i + 1;
      }
    }
    return Math.max(best, 0);
  }
}
