package org.wikicache.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wikicache.core.Edit;
import org.wikicache.core.Notifier;
import org.wikicache.core.PageName;
import org.wikicache.core.Wiki;
import org.wikicache.core.WikiEvent;
import org.wikicache.jdbc.JdbcOutbox;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.jdbc.OutboxDispatcher;
import org.wikicache.testing.TestDatabase;

/**
 * Mail to admins end to end: edits committed through the {@code Wiki} service on a real database
 * write outbox rows in their transaction; {@link OutboxDispatcher}s deliver them through an
 * {@link EmailNotifier} to a real SMTP server (GreenMail) that goes down and comes back. Every
 * edit must reach the admin exactly once. Run once per database.
 */
abstract class AbstractOutboxMailTest {
  static final String ADMIN = "ada@example.org";
  static final int PAGES = 20;
  static final int REVISIONS = 5;                   // 100 edits
  static final int EVENTS = PAGES * REVISIONS + 1;  // and ada's sign-up

  private TestDatabase database;
  private JdbcWiki db;
  private Wiki wiki;
  private RestartableSmtp smtp;
  private EmailNotifier mailer;
  private final List<OutboxDispatcher> dispatchers = new ArrayList<>();

  abstract TestDatabase newDatabase();

  @BeforeEach
  void setUp() {
    smtp = RestartableSmtp.start();
    database = newDatabase();
    db = TestWikis.open(database);
    // The JDBC store writes the outbox rows itself; the service needs no notifier of its own.
    wiki = Wiki.newBuilder().store(db.store()).history(db.store()).users(db.users())
        .notifier(Notifier.NONE).build();
    wiki.signUp("ada", "correct horse battery", ADMIN);  // the first account is the admin
    mailer = EmailNotifier.newBuilder()
        .smtp("127.0.0.1", smtp.port())
        .from("wiki@example.org")
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(5))
        .admins(db.users())
        .build();
  }

  @AfterEach
  void tearDown() {
    dispatchers.forEach(OutboxDispatcher::stop);
    if (database != null) {
      database.close();
    }
    if (smtp != null) {
      smtp.close();
    }
  }

  @Test
  void smtpDownDuringOneHundredEditsThenUpDeliversEveryMailExactlyOnce() {
    Counting counting = new Counting(mailer);
    OutboxDispatcher dispatcher = dispatcher(db.outbox(), "mailer-1", counting, 50);
    smtp.down();
    dispatcher.start();

    makeOneHundredEdits();

    // Every row has been tried and has failed at least once (more failures than rows).
    await("two rounds of failed deliveries", () -> counting.failed.get() >= 2 * EVENTS);
    assertThat(db.outbox().pendingCount()).isEqualTo(EVENTS);
    assertThat(smtp.byRecipient()).isEmpty();

    smtp.up();
    await("the outbox to drain", () -> db.outbox().pendingCount() == 0);

    assertEveryEventMailedExactlyOnce();
    assertThat(counting.delivered.get()).isEqualTo(EVENTS);
  }

  @Test
  void aDispatcherStoppedMidRunAndRestartedLosesNothing() throws Exception {
    makeOneHundredEdits();
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    Notifier pausing = event -> {
      if (calls.incrementAndGet() == 30) {  // hold the 30th delivery until stop() is under way
        reached.countDown();
        awaitLatch(release);
      }
      mailer.notify(event);
    };
    OutboxDispatcher first = dispatcher(db.outbox(), "mailer-1", pausing, 10);
    first.start();
    assertThat(reached.await(30, TimeUnit.SECONDS)).isTrue();

    Thread stopper = new Thread(first::stop);
    stopper.start();
    await("stop() to begin", () -> !first.isRunning());
    release.countDown();
    stopper.join(30_000);
    assertThat(stopper.isAlive()).isFalse();

    int mailedBeforeRestart = smtp.count(ADMIN);
    assertThat(mailedBeforeRestart).isEqualTo(30);
    assertThat(db.outbox().pendingCount()).isEqualTo(EVENTS - 30);

    // A new process with the same worker id reclaims the rest of the abandoned batch at once.
    dispatcher(db.outbox(), "mailer-1", mailer, 10).start();
    await("the outbox to drain", () -> db.outbox().pendingCount() == 0);

    assertEveryEventMailedExactlyOnce();
  }

  @Test
  void twoDispatchersOnOneOutboxSendNoDuplicates() {
    // A second JdbcWiki (its own pool) on the same database stands for a second process.
    JdbcWiki other = database.track(TestWikis.builder(database).build());
    Counting one = new Counting(mailer);
    Counting two = new Counting(mailer);
    dispatcher(db.outbox(), "mailer-1", one, 5).start();
    dispatcher(other.outbox(), "mailer-2", two, 5).start();

    makeOneHundredEdits();
    await("the outbox to drain", () -> db.outbox().pendingCount() == 0);

    assertEveryEventMailedExactlyOnce();
    assertThat(one.delivered.get() + two.delivered.get()).isEqualTo(EVENTS);
  }

  private void makeOneHundredEdits() {
    for (int revision = 1; revision <= REVISIONS; revision++) {
      for (int page = 0; page < PAGES; page++) {
        wiki.edit(new Edit(PageName.of("Page " + page), revision - 1,
            "content " + revision, "bob", "edit " + revision + " of page " + page));
      }
    }
  }

  private void assertEveryEventMailedExactlyOnce() {
    List<String> expected = new ArrayList<>();
    expected.add("[wiki] New user: ada");
    for (int page = 0; page < PAGES; page++) {
      for (int revision = 1; revision <= REVISIONS; revision++) {
        expected.add("[wiki] Page " + page + " edited by bob (revision " + revision + ")");
      }
    }
    assertThat(smtp.byRecipient()).containsOnlyKeys(ADMIN);
    List<String> subjects = smtp.byRecipient().get(ADMIN).stream()
        .map(AbstractOutboxMailTest::subject).toList();
    assertThat(subjects).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
  }

  private OutboxDispatcher dispatcher(JdbcOutbox outbox, String worker, Notifier delegate,
      int batchSize) {
    OutboxDispatcher d = OutboxDispatcher.newBuilder()
        .outbox(outbox)
        .delegate(delegate)
        .workerId(worker)
        .pollInterval(Duration.ofMillis(20))
        .batchSize(batchSize)
        .backoffBase(Duration.ofMillis(20))
        .backoffMax(Duration.ofMillis(200))
        .build();
    dispatchers.add(d);
    return d;
  }

  /** Waits (without asserting on speed) until {@code condition} holds, at most a minute. */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test never released the delivery");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Counts the delegate's successes and failures (rethrowing, so the dispatcher retries). */
  private static final class Counting implements Notifier {
    final Notifier delegate;
    final AtomicInteger delivered = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();

    Counting(Notifier delegate) {
      this.delegate = delegate;
    }

    @Override
    public void notify(WikiEvent event) {
      try {
        delegate.notify(event);
      } catch (RuntimeException e) {
        failed.incrementAndGet();
        throw e;
      }
      delivered.incrementAndGet();
    }
  }
}
