package org.wikicache.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DigestingNotifierTest {
  private RestartableSmtp smtp;
  private FixedAdmins admins;
  private EmailNotifier mailer;

  @BeforeEach
  void setUp() {
    smtp = RestartableSmtp.start();
    admins = FixedAdmins.of("ada@example.org");
    mailer = EmailNotifier.newBuilder()
        .smtp("127.0.0.1", smtp.port())
        .from("wiki@example.org")
        .clock(Clock.fixed(Events.TIME, ZoneOffset.UTC))
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2))
        .admins(admins).build();
  }

  @AfterEach
  void tearDown() {
    smtp.close();
  }

  @Test
  void oneFlushMailsEachRecipientOneDigestOfAllQueuedEvents() throws Exception {
    admins.add("bob", "bob@example.org");
    try (DigestingNotifier digest = DigestingNotifier.newBuilder(mailer).manualFlush().build()) {
      digest.notify(Events.edit("Main", 1, "ada", "create"));
      digest.notify(Events.signUp("carol", "carol@example.net", ""));
      digest.notify(Events.edit("Main", 2, "carol", "typo"));
      assertThat(smtp.byRecipient()).isEmpty();
      assertThat(digest.queued("ADA@example.org")).isEqualTo(3);

      assertThat(digest.flush()).isEqualTo(2);

      assertThat(smtp.byRecipient()).containsOnlyKeys("ada@example.org", "bob@example.org");
      for (List<MimeMessage> messages : smtp.byRecipient().values()) {
        assertThat(messages).hasSize(1);
        MimeMessage m = messages.get(0);
        assertThat(m.getSubject()).isEqualTo("[wiki] Digest: 2 edits, 1 sign-up");
        String body = EmailNotifierTest.body(m);
        assertThat(body).contains("up to 2026-11-23 10:15:30 UTC");
        assertThat(body.indexOf("Revision: 1")).isLessThan(body.indexOf("Username: carol"));
        assertThat(body.indexOf("Username: carol")).isLessThan(body.indexOf("Revision: 2"));
        assertThat(body).contains("Link:     http://localhost:8080/Main?v=2");
      }
      assertThat(digest.queued("ada@example.org")).isZero();
      assertThat(digest.flush()).isZero();
      assertThat(smtp.count("ada@example.org")).isEqualTo(1);
    }
  }

  @Test
  void aFailedFlushKeepsTheEventsForTheNextOne() throws Exception {
    try (DigestingNotifier digest = DigestingNotifier.newBuilder(mailer).manualFlush().build()) {
      digest.notify(Events.edit("Main", 1, "ada", "one"));
      smtp.down();
      digest.notify(Events.edit("Main", 2, "ada", "two"));

      assertThatThrownBy(digest::flush).isInstanceOf(NotificationFailedException.class);
      assertThat(digest.queued("ada@example.org")).isEqualTo(2);

      smtp.up();
      assertThat(digest.flush()).isEqualTo(1);
      List<MimeMessage> got = smtp.byRecipient().get("ada@example.org");
      assertThat(got).hasSize(1);
      assertThat(EmailNotifierTest.body(got.get(0)))
          .contains("Comment:  one").contains("Comment:  two");
    }
  }

  @Test
  void eachAdminGetsOnlyTheEventsFromWhenTheyWereAdmin() throws Exception {
    try (DigestingNotifier digest = DigestingNotifier.newBuilder(mailer).manualFlush().build()) {
      digest.notify(Events.edit("Main", 1, "ada", "before bob"));
      admins.add("bob", "bob@example.org");
      digest.notify(Events.edit("Main", 2, "ada", "after bob"));
      digest.flush();

      String forAda = EmailNotifierTest.body(smtp.byRecipient().get("ada@example.org").get(0));
      String forBob = EmailNotifierTest.body(smtp.byRecipient().get("bob@example.org").get(0));
      assertThat(forAda).contains("before bob").contains("after bob");
      assertThat(forBob).doesNotContain("before bob").contains("after bob");
    }
  }

  @Test
  void overflowDropsTheOldestAndTheDigestSaysSo() throws Exception {
    try (DigestingNotifier digest = DigestingNotifier.newBuilder(mailer).manualFlush()
        .maxQueuedPerRecipient(2).build()) {
      for (int i = 1; i <= 5; i++) {
        digest.notify(Events.edit("Main", i, "ada", "edit " + i));
      }
      digest.flush();

      MimeMessage m = smtp.byRecipient().get("ada@example.org").get(0);
      String body = EmailNotifierTest.body(m);
      assertThat(m.getSubject()).isEqualTo("[wiki] Digest: 2 edits, 0 sign-ups");
      assertThat(body).contains("3 older events did not fit")
          .contains("edit 4").contains("edit 5").doesNotContain("edit 3");
    }
  }

  @Test
  void theSchedulerFlushesEveryInterval() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (DigestingNotifier digest = DigestingNotifier.newBuilder(mailer)
        .interval(Duration.ofMillis(50)).scheduler(scheduler).build()) {
      digest.notify(Events.edit("Main", 1, "ada", "scheduled"));

      awaitMail("ada@example.org", 1);
      assertThat(subjectOf(smtp.byRecipient().get("ada@example.org").get(0)))
          .startsWith("[wiki] Digest: 1 edit,");
    } finally {
      scheduler.shutdownNow();
      assertThat(scheduler.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void closeFlushesWhatIsLeftAndRefusesLaterEvents() {
    DigestingNotifier digest = DigestingNotifier.newBuilder(mailer)
        .interval(Duration.ofDays(1)).build();
    digest.notify(Events.signUp("dave", "dave@example.org", ""));

    digest.close();

    assertThat(smtp.count("ada@example.org")).isEqualTo(1);
    assertThatThrownBy(() -> digest.notify(Events.signUp("erin", "erin@example.org", "")))
        .isInstanceOf(IllegalStateException.class);
    digest.close();  // idempotent
  }

  private void awaitMail(String recipient, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (smtp.count(recipient) < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(smtp.count(recipient)).isEqualTo(count);
  }

  private static String subjectOf(MimeMessage m) throws MessagingException {
    return m.getSubject();
  }
}
