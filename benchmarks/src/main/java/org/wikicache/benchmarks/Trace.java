package org.wikicache.benchmarks;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;
import org.tukaani.xz.XZInputStream;

/**
 * An access trace: the requested keys in order, renumbered densely ({@code 0 <= key < distinct},
 * in order of first appearance for text formats), with the size of each key's value when the
 * trace gives one.
 *
 * <p>{@link #read} reads a user's trace file in one of three {@link Format formats}; a name ending
 * in {@code .gz} or {@code .xz} is decompressed on the fly.
 *
 * <p><b>Thread safety:</b> immutable by convention: the arrays are shared, not copied, because
 * traces have hundreds of millions of requests. Do not change them.
 *
 * <pre>{@code
 * Trace trace = Trace.read(Path.of("access.log.gz"), Trace.Format.LINES);
 * long hits = Lru.hits(trace.keys(), trace.distinct(), 1000, Progress.NONE);
 * }</pre>
 *
 * @param name what to call the trace in tables (the file name, or the workload)
 * @param keys the requested keys, dense
 * @param distinct how many distinct keys
 * @param sizes the value size in bytes of each key (the last size the trace gave it), or null
 */
public record Trace(String name, int[] keys, int distinct, int @Nullable [] sizes) {

  /** The trace file formats. */
  public enum Format {
    /**
     * One key a line (UTF-8, surrounding white space ignored); blank lines and lines holding only
     * {@code *} are skipped.
     */
    LINES,
    /**
     * {@code key,size} a line: the key (which may contain commas: the size follows the last one)
     * and its value's size in bytes; an optional header line (its size field is not a number);
     * blank and {@code *} lines skipped like {@link #LINES}.
     */
    CSV,
    /** Big-endian 32-bit integer keys, back to back, no header. */
    INT32;

    /**
     * The format called {@code name} ({@code lines}, {@code csv}, {@code int32}).
     *
     * @param name the name, any case
     * @return the format
     * @throws IllegalArgumentException if there is no such format
     */
    public static Format of(String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("format must be lines, csv or int32: " + name, e);
      }
    }
  }

  /** Validates the counts (not every key: traces are long, and the replays check). */
  public Trace {
    checkArgument(!name.isBlank(), "name must not be blank");
    checkArgument(distinct >= 0, "distinct must be >= 0");
    checkArgument(sizes == null || sizes.length == distinct, "one size per distinct key");
  }

  /**
   * A trace of integer keys, renumbered densely in order of first appearance.
   *
   * @param name what to call it
   * @param rawKeys any integers
   * @return the trace, without sizes
   */
  public static Trace ofKeys(String name, int[] rawKeys) {
    int[] keys = rawKeys.clone();
    return new Trace(name, keys, renumber(keys), null);
  }

  /** The number of requests. */
  public int requests() {
    return keys.length;
  }

  /**
   * The mean value size over the distinct keys, or {@code fallback} when the trace has no sizes.
   *
   * @param fallback the size of every value when the trace gives none
   * @return bytes
   */
  public double meanSize(int fallback) {
    if (sizes == null) {
      return fallback;
    }
    return distinct == 0 ? fallback : Arrays.stream(sizes).asLongStream().sum() / (double) distinct;
  }

  /**
   * Reads a trace file.
   *
   * @param file the file; {@code .gz} and {@code .xz} files are decompressed
   * @param format its format
   * @return the trace, named after the file
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if a line or the length is malformed (with its number)
   */
  public static Trace read(Path file, Format format) throws IOException {
    String name = file.getFileName().toString();
    try (InputStream in = open(file)) {
      return switch (format) {
        case LINES, CSV -> readText(name, in, format == Format.CSV);
        case INT32 -> readInt32(name, in);
      };
    }
  }

  private static InputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
    }
    if (name.endsWith(".xz")) {
      return new BufferedInputStream(new XZInputStream(raw), 1 << 16);
    }
    return raw;
  }

  private static Trace readText(String name, InputStream in, boolean csv) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8), 1 << 16);
    Map<String, Integer> ids = new HashMap<>();
    IntList keys = new IntList();
    IntList sizes = new IntList();
    boolean first = true;
    long lineNumber = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      String text = line.strip();
      if (text.isEmpty() || text.equals("*")) {
        continue;
      }
      String key = text;
      int size = 0;
      if (csv) {
        int comma = text.lastIndexOf(',');
        String sizeText = comma < 0 ? "" : text.substring(comma + 1).strip();
        boolean numeric = !sizeText.isEmpty() && sizeText.chars().allMatch(Character::isDigit);
        if (!numeric) {
          if (first) {
            first = false;
            continue; // the header
          }
          throw new IllegalArgumentException(name + " line " + lineNumber
              + ": expected key,size with a size in bytes, got: " + abbreviate(text));
        }
        key = text.substring(0, comma).strip();
        try {
          size = Integer.parseInt(sizeText);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(name + " line " + lineNumber + ": size too large: "
              + sizeText, e);
        }
        if (key.isEmpty()) {
          throw new IllegalArgumentException(name + " line " + lineNumber + ": empty key");
        }
      }
      first = false;
      Integer id = ids.putIfAbsent(key, ids.size());
      int dense = id == null ? ids.size() - 1 : id;
      keys.add(dense);
      if (csv) {
        sizes.set(dense, size);
      }
    }
    return new Trace(name, keys.toArray(), ids.size(), csv ? sizes.toArray() : null);
  }

  private static Trace readInt32(String name, InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    IntList keys = new IntList();
    byte[] word = new byte[4];
    while (true) {
      int n = data.read(word, 0, 4);
      if (n < 0) {
        break;
      }
      if (n < 4) {
        try {
          data.readFully(word, n, 4 - n);
        } catch (EOFException e) {
          throw new IllegalArgumentException(name + ": " + (keys.size() * 4L + n)
              + " bytes is not a whole number of 32-bit keys", e);
        }
      }
      keys.add((word[0] & 0xFF) << 24 | (word[1] & 0xFF) << 16 | (word[2] & 0xFF) << 8
          | (word[3] & 0xFF));
    }
    int[] array = keys.toArray();
    return new Trace(name, array, renumber(array), null);
  }

  /**
   * Renumbers integer keys in place to {@code 0 .. distinct - 1}, in order of first appearance.
   *
   * @return the number of distinct keys
   */
  private static int renumber(int[] keys) {
    int[] sorted = keys.clone();
    Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[distinct++] = sorted[i];
      }
    }
    int[] byRank = new int[distinct];
    Arrays.fill(byRank, -1);
    int next = 0;
    for (int i = 0; i < keys.length; i++) {
      int rank = Arrays.binarySearch(sorted, 0, distinct, keys[i]);
      if (byRank[rank] < 0) {
        byRank[rank] = next++;
      }
      keys[i] = byRank[rank];
    }
    return distinct;
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }

  /** A growable {@code int} array. */
  private static final class IntList {
    private int[] values = new int[1024];
    private int size;

    void add(int value) {
      if (size == values.length) {
        grow(size + 1);
      }
      values[size++] = value;
    }

    void set(int index, int value) {
      if (index >= values.length) {
        grow(index + 1);
      }
      values[index] = value;
      size = Math.max(size, index + 1);
    }

    int size() {
      return size;
    }

    private void grow(int needed) {
      checkArgument(needed < Integer.MAX_VALUE - 8, "more than 2^31 requests in one trace");
      long capacity = Math.max(needed, Math.min((long) values.length * 3 / 2,
          Integer.MAX_VALUE - 8));
      values = Arrays.copyOf(values, (int) capacity);
    }

    int[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
