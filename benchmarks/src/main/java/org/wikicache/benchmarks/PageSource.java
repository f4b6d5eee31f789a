package org.wikicache.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.wikicache.cache.CachingStores;
import org.wikicache.cache.Codecs;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.WikiStore;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.memcache.InMemoryMemcacheClient;
import org.wikicache.xmemcached.XmemcachedClient;

/**
 * One page read through one backend: the facade the page-read benchmark calls, as Caffeine's
 * {@code GetPutBenchmark} calls each cache through one interface.
 *
 * <p><b>Thread safety:</b> every source is safe for concurrent use.
 */
@FunctionalInterface
public interface PageSource {
  /** Reads a page that exists. */
  Page get(PageName name);

  /** The backends, our layers and the raw baselines. */
  enum Backend {
    /** {@code JdbcWikiStore} on embedded in-memory H2, no cache. */
    H2,
    /** {@code JdbcWikiStore} on PostgreSQL over loopback, no cache. */
    POSTGRES,
    /** {@code CachingWikiStore} (over PostgreSQL) on {@code InMemoryMemcacheClient}, hits. */
    CACHED_IN_MEMORY,
    /** {@code CachingWikiStore} (over PostgreSQL) on {@code XmemcachedClient}, hits. */
    CACHED_MEMCACHED,
    /**
     * {@code CachingWikiStore} (over PostgreSQL) on {@code InMemoryMemcacheClient} with the near
     * cache on: a hit is a lookup of the decoded page in process.
     */
    CACHED_NEAR,
    /** Baseline: Caffeine {@code getIfPresent} of the same bytes, then {@code Codecs.PAGE}. */
    RAW_CAFFEINE,
    /** Baseline: Caffeine {@code getIfPresent} of the decoded {@code Page}: the physical limit. */
    RAW_CAFFEINE_DECODED,
    /** Baseline: raw Xmemcached {@code get} of the same bytes, then {@code Codecs.PAGE}. */
    RAW_XMEMCACHED,
    /** Baseline: one plain JDBC {@code SELECT} by key on H2. */
    RAW_JDBC_H2,
    /** Baseline: one plain JDBC {@code SELECT} by key on PostgreSQL. */
    RAW_JDBC_POSTGRES;

    /** Opens this backend over the trial's resources, warmed so every read is a hit. */
    public PageSource open(Resources r) {
      return switch (this) {
        case H2 -> store(r.h2().store());
        case POSTGRES -> store(r.postgres().store());
        case CACHED_IN_MEMORY -> cached(r, r.register(InMemoryMemcacheClient.newBuilder()
            .maximumBytes(256L << 20).build()));
        case CACHED_MEMCACHED -> cached(r, r.register(XmemcachedClient.connect(r.memcached())));
        case CACHED_NEAR -> cached(r, CachingStores.newBuilder(r.register(
                InMemoryMemcacheClient.newBuilder().maximumBytes(256L << 20).build()))
            .nearCache(java.time.Duration.ofHours(1), 100_000).build());
        case RAW_CAFFEINE -> rawCaffeine(r);
        case RAW_CAFFEINE_DECODED -> rawCaffeineDecoded(r);
        case RAW_XMEMCACHED -> rawXmemcached(r);
        case RAW_JDBC_H2 -> rawJdbc(r, r.h2(), r.h2Url(), "sa");
        case RAW_JDBC_POSTGRES -> rawJdbc(r, r.postgres(), Resources.pgUrl(), "postgres");
      };
    }
  }

  private static PageSource store(WikiStore store) {
    return name -> store.get(name).orElseThrow();
  }

  private static PageSource cached(Resources r, MemcacheClient client) {
    return cached(r, CachingStores.over(client));
  }

  private static PageSource cached(Resources r, CachingStores built) {
    CachingStores layer = r.register(built);
    WikiStore store = layer.store(r.postgres().store());
    for (int i = 0; i < BenchData.PAGES; i++) {
      store.get(BenchData.name(i)).orElseThrow();
    }
    return store(store);
  }

  private static String rawKey(PageName name) {
    return "raw:page:" + name.value();
  }

  private static PageSource rawCaffeine(Resources r) {
    Cache<String, byte[]> cache = Caffeine.newBuilder().maximumSize(100_000).build();
    WikiStore store = r.postgres().store();
    for (int i = 0; i < BenchData.PAGES; i++) {
      PageName name = BenchData.name(i);
      cache.put(rawKey(name), Codecs.PAGE.encode(store.get(name).orElseThrow()));
    }
    return name -> Codecs.PAGE.decode(cache.getIfPresent(rawKey(name)));
  }

  private static PageSource rawCaffeineDecoded(Resources r) {
    Cache<String, Page> cache = Caffeine.newBuilder().maximumSize(100_000).build();
    WikiStore store = r.postgres().store();
    for (int i = 0; i < BenchData.PAGES; i++) {
      PageName name = BenchData.name(i);
      cache.put(rawKey(name), store.get(name).orElseThrow());
    }
    return name -> cache.getIfPresent(rawKey(name));
  }

  private static PageSource rawXmemcached(Resources r) {
    RawMemcached raw = r.register(RawMemcached.connect(r.memcached()));
    WikiStore store = r.postgres().store();
    for (int i = 0; i < BenchData.PAGES; i++) {
      PageName name = BenchData.name(i);
      raw.set(rawKey(name), Codecs.PAGE.encode(store.get(name).orElseThrow()));
    }
    return name -> Codecs.PAGE.decode(raw.get(rawKey(name)));
  }

  private static PageSource rawJdbc(Resources r, JdbcWiki wiki, String url, String user) {
    String jdbcUrl = url;
    String sql = "SELECT r.content, r.author, r.created_at, r.number FROM pages p"
        + " JOIN revisions r ON r.page = p.name AND r.number = p.latest WHERE p.name = ?";
    List<Connection> opened = new ArrayList<>();
    r.register(() -> {
      synchronized (opened) {
        for (Connection c : opened) {
          c.close();
        }
      }
    });
    ThreadLocal<PreparedStatement> statements = ThreadLocal.withInitial(() -> {
      try {
        Connection c = DriverManager.getConnection(jdbcUrl, user, "");
        synchronized (opened) {
          opened.add(c);
        }
        return c.prepareStatement(sql);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot connect to " + jdbcUrl, e);
      }
    });
    wiki.store(); // seeded
    return name -> {
      PreparedStatement ps = statements.get();
      try {
        ps.setString(1, name.value());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException("no page " + name);
          }
          long micros = rs.getLong(3);
          return new Page(name, rs.getLong(4), rs.getString(1), rs.getString(2),
              Instant.EPOCH.plusNanos(micros * 1000));
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    };
  }
}
