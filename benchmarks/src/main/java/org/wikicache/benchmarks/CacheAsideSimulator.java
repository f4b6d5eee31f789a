package org.wikicache.benchmarks;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.wikicache.memcache.MemcacheClient;

/**
 * Replays a trace of page numbers against a {@link MemcacheClient} as cache-aside: {@code get}
 * the page; on a miss, "load" it (count one store query) and {@code set} it. Values are
 * {@code valueBytes} long, like a 4 KiB page encoded, or as long as the trace says
 * ({@link Builder#valueSizes}). Keys are {@code <prefix><n>} with {@code n} padded to ten digits,
 * so every item of a trace without sizes weighs the same in a byte-bounded cache.
 *
 * <p>With a batch size of 1 the replay is strictly sequential. Against a network server, a
 * sequential replay pays a round trip per request (a 200,000-request trace takes minutes), so the
 * simulator can replay in batches: one {@code getMulti} for the distinct keys of the next
 * {@code batch} requests, then the requests in order (a key missed earlier in the same batch is
 * counted a hit, as it would have been set by then), then one {@code setMulti} of the misses.
 * Only the moment of the sets moves, by under one batch: hit ratios of large traces do not change
 * measurably.
 *
 * <p><b>Thread safety:</b> not thread-safe; one replay at a time.
 *
 * <pre>{@code
 * CacheAsideSimulator sim = CacheAsideSimulator.newBuilder().valueBytes(4096).batch(1).build();
 * CacheAsideSimulator.Result r = sim.replay(client, Workload.ZIPF.trace(20_000, 200_000, 0.9, 1));
 * }</pre>
 */
public final class CacheAsideSimulator {
  /**
   * The outcome of a replay.
   *
   * @param requests how many requests were replayed
   * @param hits how many were served by the cache
   */
  public record Result(long requests, long hits) {
    /** Validates the counts. */
    public Result {
      checkArgument(requests >= 0 && hits >= 0 && hits <= requests, "bad counts");
    }

    /** The misses, each one store query (the "load"). */
    public long misses() {
      return requests - hits;
    }

    /** Hits over requests; 0 for an empty trace. */
    public double hitRatio() {
      return requests == 0 ? 0 : (double) hits / requests;
    }

    /** Store queries per 1,000 views. */
    public double queriesPerThousand() {
      return requests == 0 ? 0 : 1000.0 * misses() / requests;
    }
  }

  /** Sizes above this are refused by any memcache anyway; longer values are not allocated. */
  private static final int LARGEST_VALUE = 2 << 20;
  private static final String ZEROS = "0000000000";

  private final int valueBytes;
  private final int @Nullable [] valueSizes;
  private final int batch;
  private final String keyPrefix;
  private final Map<Integer, byte[]> values = new HashMap<>();

  private CacheAsideSimulator(Builder b) {
    this.valueBytes = b.valueBytes;
    this.valueSizes = b.valueSizes;
    this.batch = b.batch;
    this.keyPrefix = b.keyPrefix;
  }

  /** A builder: 4,096-byte values, batch 1, keys {@code sim:page:<n>}. */
  public static Builder newBuilder() {
    return new Builder();
  }

  /** The memcache key of page {@code n >= 0}: the prefix and ten digits. */
  public String key(int n) {
    String digits = Integer.toString(n);
    return keyPrefix + ZEROS.substring(Math.min(ZEROS.length(), digits.length())) + digits;
  }

  /** The length of every key: the prefix and ten digits. */
  public int keyLength() {
    return keyPrefix.length() + ZEROS.length();
  }

  /** The value of page {@code n} (shared between pages of one size: do not change it). */
  private byte[] value(int n) {
    int size = valueSizes == null ? valueBytes : Math.min(valueSizes[n], LARGEST_VALUE);
    return values.computeIfAbsent(size, length -> {
      byte[] value = new byte[length];
      Arrays.fill(value, (byte) 'x');
      return value;
    });
  }

  /**
   * What the simulator needs of a cache: which of these keys are present, and store these.
   * {@link #of(MemcacheClient)} adapts any {@link MemcacheClient} (getMulti, setMulti).
   */
  public interface Target {
    /** The keys among {@code keys} the cache holds (a lookup, counted by the cache). */
    Set<String> present(Collection<String> keys);

    /** Stores the values without expiry. */
    void fill(Map<String, byte[]> values);
  }

  /** A {@link Target} over a {@link MemcacheClient}. */
  public static Target of(MemcacheClient client) {
    requireNonNull(client, "client");
    return new Target() {
      @Override
      public Set<String> present(Collection<String> keys) {
        if (keys.size() == 1) {
          String key = keys.iterator().next();
          return client.get(key) == null ? Set.of() : Set.of(key);
        }
        return client.getMulti(keys).keySet();
      }

      @Override
      public void fill(Map<String, byte[]> values) {
        client.setMulti(values, Duration.ZERO);
      }
    };
  }

  /**
   * Replays the trace.
   *
   * @param client the cache, typically empty
   * @param trace page numbers
   * @return hits and requests
   */
  public Result replay(MemcacheClient client, int[] trace) {
    return replay(of(client), trace);
  }

  /**
   * Replays the trace against any {@link Target}.
   *
   * @param target the cache, typically empty
   * @param trace page numbers
   * @return hits and requests
   */
  public Result replay(Target target, int[] trace) {
    requireNonNull(target, "target");
    long hits = 0;
    for (int start = 0; start < trace.length; start += batch) {
      int end = Math.min(trace.length, start + batch);
      Set<String> keys = new LinkedHashSet<>();
      for (int i = start; i < end; i++) {
        keys.add(key(trace[i]));
      }
      Set<String> present = new HashSet<>(target.present(keys));
      Map<String, byte[]> fills = new LinkedHashMap<>();
      for (int i = start; i < end; i++) {
        String key = key(trace[i]);
        if (present.contains(key)) {
          hits++;
        } else {
          fills.put(key, value(trace[i]));
          present.add(key);
        }
      }
      if (!fills.isEmpty()) {
        target.fill(fills);
      }
    }
    return new Result(trace.length, hits);
  }

  /** Builds a {@link CacheAsideSimulator}. Not thread-safe. */
  public static final class Builder {
    private int valueBytes = 4096;
    private int @Nullable [] valueSizes;
    private int batch = 1;
    private String keyPrefix = "sim:page:";

    private Builder() {}

    /** The size of each cached value, 1 byte to 1 MiB minus headers. */
    public Builder valueBytes(int valueBytes) {
      checkArgument(valueBytes >= 1 && valueBytes <= 1_000_000, "valueBytes out of range");
      this.valueBytes = valueBytes;
      return this;
    }

    /**
     * Gives every page its own value size (a trace's sizes), instead of {@link #valueBytes}.
     * Values above 2 MiB are sent as 2 MiB (any memcache refuses both).
     *
     * @param sizesByPage the size of page {@code n} at index {@code n}, each {@code >= 0}
     * @return this builder
     */
    public Builder valueSizes(int[] sizesByPage) {
      for (int size : sizesByPage) {
        checkArgument(size >= 0, "sizes must be >= 0, found %s", size);
      }
      this.valueSizes = sizesByPage;
      return this;
    }

    /** Requests per round trip, 1 (sequential) to 1,000. */
    public Builder batch(int batch) {
      checkArgument(batch >= 1 && batch <= 1000, "batch must be 1 to 1000, was %s", batch);
      this.batch = batch;
      return this;
    }

    /** The key prefix (a few ASCII characters without spaces). */
    public Builder keyPrefix(String keyPrefix) {
      checkArgument(keyPrefix.matches("[A-Za-z0-9:_.-]{1,100}"), "bad key prefix");
      this.keyPrefix = keyPrefix;
      return this;
    }

    /** Builds the simulator. */
    public CacheAsideSimulator build() {
      return new CacheAsideSimulator(this);
    }
  }
}
