package org.wikicache.benchmarks;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.wikicache.cache.CachingStores;
import org.wikicache.core.Edit;
import org.wikicache.core.PageName;
import org.wikicache.core.SaveResult;
import org.wikicache.core.WikiStore;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.xmemcached.XmemcachedClient;

/**
 * An edit of a 4 KiB page: the store's transaction (revision row, latest pointer, outbox row, and
 * the change log's head and entry), and, when cached, the invalidation that follows it (one
 * {@code deleteMulti} of the page, its write token and the landing generation) and, with a second
 * server, the wait for that server's relay to confirm. Each thread edits its own 16 pages in turn,
 * so no edit conflicts.
 *
 * <p>Run alone: {@code java -jar benchmarks/target/benchmarks.jar EditBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class EditBenchmark {

  /** Where an edit goes. */
  public enum Backend {
    /** {@code JdbcWikiStore} on H2, no cache. */
    H2_UNCACHED,
    /** {@code CachingWikiStore} over H2 on the in-memory client. */
    H2_CACHED_IN_MEMORY,
    /** {@code JdbcWikiStore} on PostgreSQL, no cache. */
    POSTGRES_UNCACHED,
    /** {@code CachingWikiStore} over PostgreSQL on the in-memory client. */
    POSTGRES_CACHED_IN_MEMORY,
    /** {@code CachingWikiStore} over PostgreSQL on memcached. */
    POSTGRES_CACHED_MEMCACHED,
    /**
     * As {@link #POSTGRES_CACHED_MEMCACHED}, with a second server (its own database handle,
     * memcached connection and caching layer) whose relay each edit waits for.
     */
    POSTGRES_CACHED_MEMCACHED_TWO_SERVERS
  }

  /** The store, shared by the threads. */
  @State(Scope.Benchmark)
  public static class Target {
    /** Which store. */
    @Param
    public Backend backend;
    /** {@code auto} (start a memcached) or {@code host:port}. */
    @Param({"auto"})
    public String memcached;

    Resources resources;
    WikiStore store;
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final AtomicInteger threads = new AtomicInteger();

    /** Opens the store. */
    @Setup(Level.Trial)
    public void open() {
      resources = new Resources(memcached);
      JdbcWiki wiki = backend.name().startsWith("H2") ? resources.h2() : resources.postgres();
      store = switch (backend) {
        case H2_UNCACHED, POSTGRES_UNCACHED -> wiki.store();
        case H2_CACHED_IN_MEMORY, POSTGRES_CACHED_IN_MEMORY -> resources.register(
            CachingStores.over(resources.register(InMemoryMemcacheClient.create())))
            .store(wiki.store());
        case POSTGRES_CACHED_MEMCACHED -> resources.register(CachingStores.over(
            resources.register(XmemcachedClient.connect(resources.memcached()))))
            .store(wiki.store());
        case POSTGRES_CACHED_MEMCACHED_TWO_SERVERS -> {
          JdbcWiki other = resources.register(JdbcWiki.newBuilder()
              .url(Resources.pgUrl(), "postgres", "").build());
          resources.register(CachingStores.over(
              resources.register(XmemcachedClient.connect(resources.memcached()))))
              .store(other.store());
          yield resources.register(CachingStores.over(
              resources.register(XmemcachedClient.connect(resources.memcached()))))
              .store(wiki.store());
        }
      };
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void close() {
      resources.close();
    }
  }

  /** One thread's pages and their current revisions. */
  @State(Scope.Thread)
  public static class Editor {
    PageName[] pages;
    long[] revisions;
    String[] contents;
    int next;
    long edits;

    /** Picks this thread's 16 pages (created by the first edit of each). */
    @Setup(Level.Trial)
    public void pick(Target target) {
      int thread = target.threads.getAndIncrement();
      pages = new PageName[16];
      revisions = new long[16];
      contents = new String[16];
      for (int i = 0; i < 16; i++) {
        pages[i] = PageName.of("Edit/" + target.run + "/t" + thread + "/" + i);
        contents[i] = BenchData.content(i).substring(0, BenchData.PAGE_BYTES - 12);
      }
    }

    Edit nextEdit() {
      int i = next;
      next = (next + 1) & 15;
      String content = contents[i] + String.format("%011d\n", ++edits);
      return new Edit(pages[i], revisions[i], content, BenchData.author(i), "benchmark edit");
    }

    void saved(SaveResult result) {
      int i = (next + 15) & 15;
      revisions[i] = result.revision().number();
    }
  }

  /** One edit on one thread. */
  @Benchmark
  @Threads(1)
  public SaveResult edit1(Target target, Editor editor) {
    SaveResult result = target.store.save(editor.nextEdit());
    editor.saved(result);
    return result;
  }

  /** One edit, four threads at once (each on its own pages). */
  @Benchmark
  @Threads(4)
  public SaveResult edit4(Target target, Editor editor) {
    SaveResult result = target.store.save(editor.nextEdit());
    editor.saved(result);
    return result;
  }
}
