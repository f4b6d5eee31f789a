package org.wikicache.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wikicache.core.Edit;
import org.wikicache.core.Move;
import org.wikicache.core.PageName;
import org.wikicache.core.RevisionHistory;
import org.wikicache.core.WikiLinks;
import org.wikicache.testing.Concurrently;
import org.wikicache.testing.MemcachedProcess;
import org.wikicache.testing.TestDatabase;
import org.wikicache.testing.TestDatabases;

/**
 * Moves, deletes and restores made by one "server" while readers of another (its own
 * {@code JdbcWiki}, memcached connection and caching layer, on the same PostgreSQL and memcached)
 * read the page, its revisions, search and links: a read that begins after the write returned
 * must see it. Counts the reads and the stale ones, and requires zero stale.
 */
class FeatureWritesAcrossProcessesTest {
  @RegisterExtension
  static final MemcachedProcess memcached = MemcachedProcess.extension();

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private <T extends AutoCloseable> T open(T resource) {
    opened.add(resource);
    return resource;
  }

  /** Runs {@code write} while readers check {@code fresh} (true if a read saw the write). */
  private static int[] race(Runnable write, List<BooleanSupplier> fresh) throws Exception {
    AtomicBoolean returned = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger stale = new AtomicInteger();
    List<Callable<Void>> tasks = new ArrayList<>();
    tasks.add(() -> {
      Thread.sleep(30);
      write.run();
      returned.set(true);
      return null;
    });
    for (BooleanSupplier check : fresh) {
      tasks.add(() -> {
        long until = System.nanoTime() + 250_000_000L;
        while (System.nanoTime() < until || !returned.get()) {
          boolean after = returned.get();
          boolean sawIt = check.getAsBoolean();
          reads.incrementAndGet();
          if (after && !sawIt) {
            stale.incrementAndGet();
          }
        }
        return null;
      });
    }
    Concurrently.run(tasks);
    return new int[] {reads.get(), stale.get()};
  }

  @Test
  void readersOfAnotherServerNeverSeeAMovedOrDeletedPageAfterTheWriteReturned() throws Exception {
    TestDatabase database = open(TestDatabases.postgres());
    Node writer = open(Node.start("writer", TestWikis.open(database), memcached.address()));
    Node reader = open(Node.start("reader", TestWikis.open(database), memcached.address()));
    RevisionHistory readerHistory = reader.caching.history(reader.db.store());
    PageName from = PageName.of("Mover");
    PageName to = PageName.of("Moved");
    writer.store.save(new Edit(from, 0, "quokka one [[Linked]]", "ada", ""));
    writer.store.save(new Edit(from, 1, "quokka two [[Linked]]", "ada", ""));
    // warm the reader's cache with everything the writes below make obsolete
    assertThat(reader.store.get(from)).isPresent();
    assertThat(readerHistory.revision(from, 1)).isPresent();
    assertThat(reader.store.search("quokka", 0, 10)).hasSize(1);
    assertThat(reader.store.linksTo(PageName.of("Linked"), null, 10)).containsExactly(from);

    int[] move = race(() -> writer.store.move(new Move(from, to, false, "ada", "")), List.of(
        () -> reader.store.get(from).map(p -> WikiLinks.redirectTarget(p.content()).isPresent())
            .orElse(false),
        () -> readerHistory.revision(from, 1).isEmpty(),
        () -> reader.store.search("quokka", 0, 10).stream()
            .allMatch(h -> h.page().equals(to)),
        () -> reader.store.linksTo(PageName.of("Linked"), null, 10).equals(List.of(to))));
    int[] delete = race(() -> writer.store.delete(to, "admin"), List.of(
        () -> reader.store.get(to).isEmpty(),
        () -> readerHistory.revision(to, 1).isEmpty(),
        () -> reader.store.search("quokka", 0, 10).isEmpty(),
        () -> reader.store.getAll(List.of(to)).isEmpty()));
    int[] restore = race(() -> writer.store.restore(to, "admin"), List.of(
        () -> reader.store.get(to).isPresent(),
        () -> readerHistory.revision(to, 1).isPresent(),
        () -> reader.store.search("quokka", 0, 10).size() == 1));
    int[] protect = race(() -> writer.store.setProtected(to, true), List.of(
        () -> reader.store.isProtected(to)));
    int[] block = race(() -> writer.store.setBlocked("troll", true), List.of(
        () -> reader.store.isBlocked("Troll")));

    System.out.printf("across processes (reads, stale): move %d/%d, delete %d/%d,"
            + " restore %d/%d, protect %d/%d, block %d/%d%n", move[0], move[1], delete[0],
        delete[1], restore[0], restore[1], protect[0], protect[1], block[0], block[1]);
    for (int[] r : List.of(move, delete, restore, protect, block)) {
      assertThat(r[0]).isPositive();
      assertThat(r[1]).isZero();
    }
  }
}
