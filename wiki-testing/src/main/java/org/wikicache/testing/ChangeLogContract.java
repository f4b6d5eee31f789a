package org.wikicache.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wikicache.core.ChangeLog;
import org.wikicache.core.ChangeLog.Change;
import org.wikicache.core.ChangeLog.Entry;
import org.wikicache.core.ChangeLog.RelayState;
import org.wikicache.core.Edit;
import org.wikicache.core.EditConflictException;
import org.wikicache.core.PageName;
import org.wikicache.core.ProfileUpdate;
import org.wikicache.core.User;
import org.wikicache.core.UserProfiles;
import org.wikicache.core.WikiStore;

/**
 * The contract of {@link ChangeLog}, for every implementation: subclass it, return a fixture of a
 * fresh log and the store and profiles that append to it, and every test runs against it.
 *
 * <pre>{@code
 * class H2ChangeLogTest extends ChangeLogContract {
 *   protected Fixture createFixture() {
 *     JdbcWiki db = ...;
 *     return new Fixture(db.changeLog(), db.store(), db.users());
 *   }
 * }
 * }</pre>
 */
public abstract class ChangeLogContract {
  /**
   * A log under test and the writers that append to it.
   *
   * @param log the log
   * @param store a store whose saves append to {@code log}
   * @param users profiles whose sign-ups and updates append to {@code log}
   */
  public record Fixture(ChangeLog log, WikiStore store, UserProfiles users) {}

  /** A fresh, empty log with its writers. */
  protected abstract Fixture createFixture() throws Exception;

  /** Releases what {@link #createFixture()} made. */
  protected void closeFixture() throws Exception {}

  /** Threads in the concurrency test. */
  protected int threads() {
    return 8;
  }

  protected ChangeLog log;
  protected WikiStore store;
  protected UserProfiles users;

  @BeforeEach
  void setUpFixture() throws Exception {
    Fixture f = createFixture();
    log = f.log();
    store = f.store();
    users = f.users();
  }

  @AfterEach
  void tearDownFixture() throws Exception {
    closeFixture();
  }

  private static PageName name(String value) {
    return PageName.of(value);
  }

  private List<Entry> all() {
    return log.read(0, ChangeLog.MAX_READ);
  }

  @Test
  void anEmptyLogHasHeadZeroAndNoEntries() {
    assertThat(log.head()).isZero();
    assertThat(all()).isEmpty();
    assertThat(log.retention()).isPositive();
  }

  @Test
  void eachNewRevisionAppendsOnePageEntry() {
    store.save(new Edit(name("A"), 0, "a", "ada", ""));
    store.save(new Edit(name("B/c"), 0, "b", "ada", ""));
    store.save(new Edit(name("A"), 1, "a2", "ada", ""));

    List<Entry> entries = all();
    assertThat(entries).extracting(Entry::change).endsWith(Change.page(name("B/c")),
        Change.page(name("A")));
    assertThat(entries).extracting(Entry::position).isSorted().doesNotHaveDuplicates();
    assertThat(log.head()).isEqualTo(entries.get(entries.size() - 1).position());
    assertThat(entries).allSatisfy(e -> assertThat(e.time()).isNotNull());
  }

  @Test
  void writesThatChangeNothingAppendNothing() {
    store.save(new Edit(name("A"), 0, "a", "ada", ""));
    long head = log.head();

    store.save(new Edit(name("A"), 1, "a", "ada", "same content"));
    assertThatThrownBy(() -> store.save(new Edit(name("A"), 0, "other", "bob", "")))
        .isInstanceOf(EditConflictException.class);
    assertThatThrownBy(() -> users.signUp("x", "too-short-name-fails", ""))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(log.head()).isEqualTo(head);
    assertThat(log.read(head, 10)).isEmpty();
  }

  @Test
  void signUpsAndProfileUpdatesNameTheUserByIdAndByLowerCasedName() {
    User ada = users.signUp("Ada_L", "correct horse", "");
    List<Entry> signUp = all();
    assertThat(signUp).extracting(Entry::change)
        .contains(Change.user(ada.id()), new Change(Change.Kind.USERNAME, "ada_l"));

    long head = log.head();
    users.updateProfile(ada.id(), new ProfileUpdate("ada@example.org", "Ada", ""));
    assertThat(log.read(head, 10)).extracting(Entry::change)
        .containsExactlyInAnyOrder(Change.user(ada.id()), Change.username("ada_l"));
  }

  @Test
  void readsPageThroughTheLogFromAnyPosition() {
    for (int i = 0; i < 5; i++) {
      store.save(new Edit(name("P" + i), 0, "x", "ada", ""));
    }
    List<Entry> entries = all();
    assertThat(entries).hasSize(5);

    assertThat(log.read(0, 2)).containsExactlyElementsOf(entries.subList(0, 2));
    assertThat(log.read(entries.get(1).position(), 2))
        .containsExactlyElementsOf(entries.subList(2, 4));
    assertThat(log.read(entries.get(3).position(), 10))
        .containsExactlyElementsOf(entries.subList(4, 5));
    assertThat(log.read(log.head(), 10)).isEmpty();
  }

  @Test
  void readRejectsBadArguments() {
    assertThatThrownBy(() -> log.read(-1, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.read(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.read(0, ChangeLog.MAX_READ + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Writers on many threads while a reader tails the log: positions are distinct, and the tail
   * never misses an entry (once it has read past a position, nothing new appears below it).
   */
  @Test
  void aTailingReaderSeesEveryConcurrentWriteInPositionOrder() throws Exception {
    int perThread = 15;
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Entry> tailed = new CopyOnWriteArrayList<>();
    AtomicLong saves = new AtomicLong();
    List<Callable<Void>> work = new ArrayList<>();
    for (int t = 0; t < threads(); t++) {
      int thread = t;
      work.add(() -> {
        for (int i = 0; i < perThread; i++) {
          store.save(new Edit(name("T" + thread + "/" + i), 0, "x", "ada", ""));
          saves.incrementAndGet();
        }
        return null;
      });
    }
    Thread tail = new Thread(() -> {
      long cursor = 0;
      while (writing.get() || cursor < log.head()) {
        List<Entry> batch = log.read(cursor, 7);
        tailed.addAll(batch);
        if (!batch.isEmpty()) {
          cursor = batch.get(batch.size() - 1).position();
        }
      }
    });
    tail.start();
    try {
      Concurrently.run(work);
    } finally {
      writing.set(false);
      tail.join(60_000);
    }

    List<Entry> entries = all();
    assertThat(entries).hasSize((int) saves.get());
    assertThat(entries).extracting(Entry::position).isSorted().doesNotHaveDuplicates();
    assertThat(tailed).as("what the tail read, in order, missing nothing")
        .containsExactlyElementsOf(entries);
  }

  @Test
  void subscribersHearOfACommitInTheWritersThreadBeforeTheWriteReturns() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    AtomicReference<Thread> committedIn = new AtomicReference<>();
    AtomicLong awaited = new AtomicLong();
    AtomicReference<Thread> startedIn = new AtomicReference<>();
    long before = log.head();
    try (AutoCloseable subscription = log.subscribe(new ChangeLog.Subscriber() {
      @Override
      public void writeStarting() {
        startedIn.set(Thread.currentThread());
        events.add("starting, readable: " + log.read(before, ChangeLog.MAX_READ).size());
      }

      @Override
      public void writeEnded() {
        events.add("ended");
      }

      @Override
      public void committed(List<Entry> entries) {
        committedIn.set(Thread.currentThread());
        entries.forEach(e -> events.add("committed " + e.change().subject()));
      }

      @Override
      public void awaitDelivered(long position) {
        awaited.set(position);
        events.add("await");
      }

      @Override
      public void activity() {
        events.add("activity");
      }
    })) {
      store.save(new Edit(name("Heard"), 0, "x", "ada", ""));
      events.add("returned");
    }

    assertThat(committedIn.get()).isSameAs(Thread.currentThread());
    assertThat(awaited.get()).isEqualTo(log.head());
    assertThat(events).containsSubsequence("committed Heard", "await", "returned");
    // a write starts before anyone can read its entries, and ends before its wait
    assertThat(startedIn.get()).isSameAs(Thread.currentThread());
    assertThat(events).containsSubsequence("starting, readable: 0", "committed Heard", "ended",
        "await");
    assertThat(events).filteredOn(e -> e.startsWith("starting")).hasSize(1);
    assertThat(events).filteredOn(e -> e.equals("ended")).hasSize(1);
    assertThat(events.indexOf("activity")).isBetween(0, events.indexOf("returned"));
  }

  @Test
  void relaysRegisterReportAndLeave() {
    long a = log.register("process A");
    long b = log.register("process B");
    assertThat(a).isNotEqualTo(b);
    assertThat(log.relays()).extracting(RelayState::id).contains(a, b);

    assertThat(log.report(a, 7)).isTrue();
    RelayState reported = state(a);
    assertThat(reported.position()).isEqualTo(7);
    assertThat(reported.description()).isEqualTo("process A");
    assertThat(log.report(a, 9)).isTrue();
    assertThat(state(a).version()).isNotEqualTo(reported.version());

    assertThat(log.unregisterIfUnchanged(a, reported.version())).as("it reported since").isFalse();
    assertThat(log.unregisterIfUnchanged(a, state(a).version())).isTrue();
    assertThat(log.report(a, 10)).as("a removed relay learns it was removed").isFalse();
    log.unregister(b);
    assertThat(log.relays()).extracting(RelayState::id).doesNotContain(a, b);
    log.unregister(b);  // idempotent
  }

  @Test
  void longDescriptionsAreCut() {
    long id = log.register("x".repeat(500));
    assertThat(state(id).description()).hasSizeLessThanOrEqualTo(200);
  }

  private RelayState state(long id) {
    Set<Long> seen = new HashSet<>();
    for (RelayState s : log.relays()) {
      seen.add(s.id());
      if (s.id() == id) {
        return s;
      }
    }
    throw new AssertionError("relay " + id + " not registered; registered: " + seen);
  }
}
