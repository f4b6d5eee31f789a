package org.wikicache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wikicache.testing.MutableClock;
import org.wikicache.core.Edit;
import org.wikicache.core.Notifier;
import org.wikicache.core.PageName;
import org.wikicache.core.WikiEvent;
import org.wikicache.testing.TestDatabase;

/** The outbox dispatcher against a real database: retries, two workers, stop and restart. */
abstract class AbstractOutboxDispatcherTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
  private TestDatabase database;
  private JdbcWiki wiki;
  private final List<OutboxDispatcher> dispatchers = new ArrayList<>();

  abstract TestDatabase newDatabase();

  @BeforeEach
  void open() {
    database = newDatabase();
    wiki = database.track(TestWikis.builder(database).clock(clock).build());
    wiki.database().writeOutbox(true);  // the dispatchers here are the tests' own
  }

  @AfterEach
  void close() {
    dispatchers.forEach(OutboxDispatcher::stop);
    if (database != null) {
      database.close();
    }
  }

  private List<WikiEvent> makeEvents(int n) {
    List<WikiEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(new WikiEvent.PageEdited(wiki.store()
          .save(new Edit(PageName.of("Page " + i), 0, "text " + i, "ada", "")).revision()));
    }
    return events;
  }

  private OutboxDispatcher.Builder dispatcher(String worker, Notifier delegate) {
    return OutboxDispatcher.newBuilder().outbox(wiki.outbox()).delegate(delegate)
        .workerId(worker).pollInterval(Duration.ofMillis(10)).batchSize(10);
  }

  private OutboxDispatcher track(OutboxDispatcher d) {
    dispatchers.add(d);
    return d;
  }

  /** A notifier that fails the first {@code failures} deliveries of each event, then records. */
  static final class FlakyNotifier implements Notifier {
    final int failures;
    final Map<WikiEvent, AtomicInteger> calls = new ConcurrentHashMap<>();
    final Map<WikiEvent, AtomicInteger> delivered = new ConcurrentHashMap<>();

    FlakyNotifier(int failures) {
      this.failures = failures;
    }

    @Override
    public void notify(WikiEvent event) {
      int call = calls.computeIfAbsent(event, e -> new AtomicInteger()).incrementAndGet();
      if (call <= failures) {
        throw new IllegalStateException("SMTP 451: try again later (" + call + ")");
      }
      delivered.computeIfAbsent(event, e -> new AtomicInteger()).incrementAndGet();
    }
  }

  @Test
  void failedDeliveriesAreRetriedWithExponentialBackoffThenSent() {
    WikiEvent event = makeEvents(1).get(0);
    FlakyNotifier flaky = new FlakyNotifier(3);
    OutboxDispatcher d = dispatcher("w", flaky).backoffBase(Duration.ofSeconds(10))
        .backoffMax(Duration.ofSeconds(30)).build();

    assertThat(d.runOnce()).isZero();                       // failure 1: next in 10 s
    assertThat(d.runOnce()).isZero();                       // not due: not even tried
    assertThat(flaky.calls.get(event)).hasValue(1);
    clock.advance(Duration.ofSeconds(10));
    assertThat(d.runOnce()).isZero();                       // failure 2: next in 20 s
    clock.advance(Duration.ofSeconds(19));
    assertThat(d.runOnce()).isZero();
    assertThat(flaky.calls.get(event)).hasValue(2);
    clock.advance(Duration.ofSeconds(1));
    assertThat(d.runOnce()).isZero();                       // failure 3: next in 30 s (max)
    clock.advance(Duration.ofSeconds(30));
    assertThat(d.runOnce()).isEqualTo(1);                   // delivered

    assertThat(flaky.calls.get(event)).hasValue(4);
    assertThat(flaky.delivered).containsOnlyKeys(event);
    assertThat(flaky.delivered.get(event)).hasValue(1);
    assertThat(wiki.outbox().pendingCount()).isZero();
    clock.advance(Duration.ofHours(1));
    assertThat(d.runOnce()).isZero();
    assertThat(flaky.calls.get(event)).hasValue(4);
  }

  @Test
  void backoffDoublesUpToTheMaximum() {
    OutboxDispatcher d = dispatcher("w", Notifier.NONE).backoffBase(Duration.ofSeconds(1))
        .backoffMax(Duration.ofSeconds(5)).build();
    assertThat(d.backoff(0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(d.backoff(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.backoff(2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(d.backoff(3)).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.backoff(1000)).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> dispatcher("w", Notifier.NONE).backoffBase(Duration.ofSeconds(9))
        .backoffMax(Duration.ofSeconds(5)).build()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void twoDispatchersOnOneOutboxLoseNothingAndSendNothingTwice() throws Exception {
    List<WikiEvent> events = makeEvents(60);
    FlakyNotifier flaky = new FlakyNotifier(1);  // every event fails once, on either worker
    // awaitTrue moves the clock a second at a time, so the 1 ms backoff passes at once.
    OutboxDispatcher a = track(dispatcher("a", flaky).backoffBase(Duration.ofMillis(1))
        .build());
    OutboxDispatcher b = track(dispatcher("b", flaky).backoffBase(Duration.ofMillis(1))
        .build());
    a.start();
    b.start();
    awaitTrue(() -> wiki.outbox().pendingCount() == 0 && flaky.delivered.size() == 60);
    a.stop();
    b.stop();
    assertThat(flaky.delivered.keySet()).containsExactlyInAnyOrderElementsOf(events);
    assertThat(flaky.delivered.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    assertThat(flaky.calls.values()).allSatisfy(n -> assertThat(n).hasValue(2));
  }

  @Test
  void aDispatcherStoppedMidRunGivesTheRestOfItsBatchBackToAnyWorker() throws Exception {
    List<WikiEvent> events = makeEvents(20);
    CountDownLatch reachedFifth = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Map<WikiEvent, AtomicInteger> delivered = new ConcurrentHashMap<>();
    AtomicInteger calls = new AtomicInteger();
    Notifier blocking = event -> {
      if (calls.incrementAndGet() == 5) {
        reachedFifth.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      delivered.computeIfAbsent(event, e -> new AtomicInteger()).incrementAndGet();
    };
    OutboxDispatcher a = track(dispatcher("a", blocking).batchSize(20).build());
    a.start();
    assertThat(reachedFifth.await(10, TimeUnit.SECONDS)).isTrue();
    Thread stopper = new Thread(a::stop);
    stopper.start();
    awaitTrue(() -> !a.isRunning());
    release.countDown();
    stopper.join(10_000);
    assertThat(delivered).hasSize(5);
    assertThat(wiki.outbox().pendingCount()).isEqualTo(15);

    // Another worker (another process, with another id) takes the rest at once, not after a's
    // lease: a gave its unfinished batch back when it stopped.
    OutboxDispatcher b = dispatcher("b", event ->
        delivered.computeIfAbsent(event, e -> new AtomicInteger()).incrementAndGet())
        .batchSize(20).build();
    assertThat(b.runOnce()).isEqualTo(15);
    assertThat(wiki.outbox().pendingCount()).isZero();
    assertThat(delivered.keySet()).containsExactlyInAnyOrderElementsOf(events);
    assertThat(delivered.values()).allSatisfy(n -> assertThat(n).hasValue(1));
  }

  @Test
  void anExpiredLeaseLetsAnotherWorkerTakeOver() {
    List<WikiEvent> events = makeEvents(3);
    List<OutboxEntry> claimed = wiki.outbox().claim("crashed", 10, Duration.ofMinutes(5));
    assertThat(claimed).hasSize(3);
    FlakyNotifier flaky = new FlakyNotifier(0);
    OutboxDispatcher b = dispatcher("b", flaky).build();
    assertThat(b.runOnce()).isZero();
    clock.advance(Duration.ofMinutes(5));
    assertThat(b.runOnce()).isEqualTo(3);
    assertThat(flaky.delivered.keySet()).containsExactlyInAnyOrderElementsOf(events);
  }

  @Test
  void claimValidatesItsArguments() {
    JdbcOutbox outbox = wiki.outbox();
    assertThatThrownBy(() -> outbox.claim(" ", 1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> outbox.claim("w", 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> outbox.claim("w", 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Waits for {@code condition}, moving the test clock one second per check (for retries). */
  private void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(10);
      clock.advance(Duration.ofSeconds(1));
    }
  }
}
