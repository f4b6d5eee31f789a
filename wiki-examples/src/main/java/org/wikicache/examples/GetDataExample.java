package org.wikicache.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.wikicache.core.Edit;
import org.wikicache.core.InMemoryWikiStore;
import org.wikicache.core.PageName;
import org.wikicache.core.WikiStore;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.memcache.InMemoryMemcacheClient;

/**
 * The course's {@code get_data()} cache-aside pattern, as it was written there:
 *
 * <pre>
 * def get_data():
 *     data = memcache.get(KEY)
 *     if data is None:
 *         data = query_for_data()
 *         memcache.add(KEY, data, 60)
 *     return data
 * </pre>
 *
 * <p>In Java, over the library's {@link MemcacheClient}: {@link #getData()} reads the cache,
 * and only on a miss runs the query and {@code add}s the result with a 60-second TTL. {@code add}
 * (not {@code set}) means that if another process filled the key meanwhile, its value stays. The
 * price of the pattern: for up to 60 seconds after a change, readers may see the old data. (The
 * wiki's caching layer, {@code CachingStores}, goes further: it invalidates on writes and fills
 * through a lease and {@code cas}.)
 *
 * <p>Run it: {@code java -cp wiki-examples/target/wiki-server.jar
 * org.wikicache.examples.GetDataExample}. Thread-safe if the query is.
 *
 * <pre>{@code
 * GetDataExample example = new GetDataExample(InMemoryMemcacheClient.create(), () -> query());
 * String data = example.getData();   // runs the query once
 * data = example.getData();          // from the cache
 * }</pre>
 */
public final class GetDataExample {
  /** The cache key, as in the course. */
  public static final String KEY = "data";
  /** How long the cached data lives. */
  public static final Duration TTL = Duration.ofSeconds(60);

  private final MemcacheClient memcache;
  private final Supplier<String> query;
  private final AtomicLong queries = new AtomicLong();

  /**
   * @param memcache the cache
   * @param query what {@code get_data()} computes on a miss (the "expensive query")
   */
  public GetDataExample(MemcacheClient memcache, Supplier<String> query) {
    this.memcache = requireNonNull(memcache, "memcache");
    this.query = requireNonNull(query, "query");
  }

  /** The data: from the cache if it is there, else from the query (then cached for 60 s). */
  public String getData() {
    byte[] cached = memcache.get(KEY);
    if (cached != null) {
      return new String(cached, UTF_8);
    }
    queries.incrementAndGet();
    String data = query.get();
    memcache.add(KEY, data.getBytes(UTF_8), TTL);
    return data;
  }

  /** How many times the query has run. */
  public long queries() {
    return queries.get();
  }

  /**
   * Runs the example against an in-process cache and a small wiki: the query lists the wiki's
   * newest pages.
   */
  public static void main(String[] args) {
    try (MemcacheClient memcache = InMemoryMemcacheClient.newBuilder().build()) {
      run(memcache, System.out);
    }
  }

  /** The demonstration {@link #main} prints, over {@code memcache}; returns the example. */
  static GetDataExample run(MemcacheClient memcache, PrintStream out) {
    InMemoryWikiStore store = InMemoryWikiStore.create();
    for (String name : List.of("Main", "Caching", "Memcache")) {
      store.save(new Edit(PageName.of(name), 0, "About " + name, "ada", "create"));
    }
    GetDataExample example = new GetDataExample(memcache, () -> newestPages(store));
    for (int i = 1; i <= 3; i++) {
      long before = example.queries();
      String data = example.getData();
      out.printf("get_data() #%d -> %s (%s)%n", i, data,
          example.queries() > before ? "cache miss: ran the query" : "cache hit");
    }
    store.save(new Edit(PageName.of("Stale"), 0, "new page", "ada", "create"));
    out.printf("after a new page: %s (still cached: the pattern allows up to %d s of staleness)%n",
        example.getData(), TTL.toSeconds());
    memcache.delete(KEY);
    out.printf("after memcache.delete(%s): %s%n", KEY, example.getData());
    out.printf("the query ran %d times for 5 calls%n", example.queries());
    return example;
  }

  private static String newestPages(WikiStore store) {
    return store.recentChanges(10).stream().map(r -> r.page().value())
        .collect(Collectors.joining(", "));
  }
}
