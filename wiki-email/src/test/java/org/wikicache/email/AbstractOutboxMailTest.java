package org.wikicache.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.testing.TestDatabase;

/**
 * Mail to admins end to end, wired the one documented way: {@link JdbcWiki#notifyThroughOutbox}
 * with an {@link EmailNotifier}, and a {@code Wiki} without a notifier of its own. Edits and
 * sign-ups committed through the {@code Wiki} service on a real database write outbox rows in
 * their transaction; the JdbcWiki's delivery thread mails them to a real SMTP server (GreenMail)
 * that goes down and comes back, from one process or two. Every event must reach the admin
 * exactly once. Run once per database.
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

  abstract TestDatabase newDatabase();

  @BeforeEach
  void setUp() {
    smtp = RestartableSmtp.start();
    database = newDatabase();
    db = open();
    // The documented wiring: the database announces its own events; the service has no notifier.
    wiki = Wiki.newBuilder().store(db.store()).history(db.store()).users(db.users()).build();
    mailer = mailer(db);
  }

  /** Mail to the admins of {@code wiki} through the test's SMTP server. */
  private EmailNotifier mailer(JdbcWiki wiki) {
    return EmailNotifier.newBuilder()
        .smtp("127.0.0.1", smtp.port())
        .from("wiki@example.org")
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(5))
        .admins(wiki.users())
        .build();
  }

  /** A JdbcWiki on the test database (another one stands for another process), fast polling. */
  private JdbcWiki open() {
    return database.track(TestWikis.builder(database)
        .outboxPollInterval(Duration.ofMillis(20))
        .outboxBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .build());
  }

  @AfterEach
  void tearDown() {
    if (database != null) {
      database.close();
    }
    if (smtp != null) {
      smtp.close();
    }
  }

  @Test
  void theDocumentedWiringMailsEachEditAndSignUpExactlyOnce() throws InterruptedException {
    Counting counting = new Counting(mailer);
    db.notifyThroughOutbox(counting);

    wiki.signUp("ada", "correct horse battery", ADMIN);  // the first account is the admin
    makeOneHundredEdits();
    await("the outbox to drain", () -> db.outbox().pendingCount() == 0);
    Thread.sleep(500);  // 25 more polls: nothing is mailed again

    assertEveryEventMailedExactlyOnce();
    assertThat(counting.delivered.get()).isEqualTo(EVENTS);
  }

  @Test
  void smtpDownDuringOneHundredEditsThenUpDeliversEveryMailExactlyOnce() {
    Counting counting = new Counting(mailer);
    smtp.down();
    db.notifyThroughOutbox(counting);

    wiki.signUp("ada", "correct horse battery", ADMIN);
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
  void aProcessClosedMidDeliveryLosesNothingAndAnotherMailsTheRestAtOnce() throws Exception {
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    Notifier pausing = event -> {
      if (calls.incrementAndGet() == 30) {  // hold the 30th delivery until close() waits for it
        reached.countDown();
        awaitLatch(release);
      }
      mailer.notify(event);
    };
    db.notifyThroughOutbox(pausing);
    wiki.signUp("ada", "correct horse battery", ADMIN);
    makeOneHundredEdits();
    assertThat(reached.await(60, TimeUnit.SECONDS)).isTrue();

    Thread closer = new Thread(db::close);  // the process shuts down while mailing
    closer.start();
    await("close() to wait for the delivery",
        () -> closer.getState() == Thread.State.TIMED_WAITING);
    release.countDown();
    closer.join(30_000);
    assertThat(closer.isAlive()).isFalse();

    int mailedBeforeRestart = smtp.count(ADMIN);
    assertThat(mailedBeforeRestart).isEqualTo(30);  // the one in progress was finished
    JdbcWiki next = open();
    assertThat(next.outbox().pendingCount()).isEqualTo(EVENTS - mailedBeforeRestart);

    // Another process (another worker id) mails the rest at once, not after a claim's lease.
    next.notifyThroughOutbox(mailer(next));
    await("the outbox to drain", () -> next.outbox().pendingCount() == 0);

    assertEveryEventMailedExactlyOnce();
  }

  @Test
  void twoProcessesOnOneDatabaseMailEachEventOnce() {
    // A second JdbcWiki (its own pool, its own delivery thread) stands for a second process.
    JdbcWiki other = open();
    Wiki otherWiki = Wiki.newBuilder().store(other.store()).history(other.store())
        .users(other.users()).build();
    Counting one = new Counting(mailer);
    Counting two = new Counting(mailer);
    db.notifyThroughOutbox(one);
    other.notifyThroughOutbox(two);

    wiki.signUp("ada", "correct horse battery", ADMIN);
    for (int revision = 1; revision <= REVISIONS; revision++) {
      for (int page = 0; page < PAGES; page++) {  // the two processes take turns
        (page % 2 == 0 ? wiki : otherWiki).edit(new Edit(PageName.of("Page " + page),
            revision - 1, "content " + revision, "bob", "edit " + revision + " of page " + page));
      }
    }
    await("the outbox to drain", () -> db.outbox().pendingCount() == 0);

    assertEveryEventMailedExactlyOnce();
    assertThat(one.delivered.get() + two.delivered.get()).isEqualTo(EVENTS);
  }

  @Test
  void aJdbcWikiNotifiesOneNotifierAndWritesNoRowsWithoutOne() {
    wiki.signUp("ada", "correct horse battery", ADMIN);
    wiki.edit(new Edit(PageName.of("Quiet"), 0, "no one listens yet", "bob", ""));
    assertThat(db.outbox().pendingCount()).isZero();  // nothing piles up undrained

    db.notifyThroughOutbox(mailer);
    assertThatThrownBy(() -> db.notifyThroughOutbox(mailer))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already notifies");
    wiki.edit(new Edit(PageName.of("Quiet"), 1, "now someone does", "bob", ""));
    await("the edit's mail", () -> smtp.count(ADMIN) == 1);
    assertThat(subject(smtp.byRecipient().get(ADMIN).get(0)))
        .isEqualTo("[wiki] Quiet edited by bob (revision 2)");
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
