package org.wikicache.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.mail.Address;
import javax.mail.Message;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wikicache.core.AccountPolicy;
import org.wikicache.core.Edit;
import org.wikicache.core.InMemoryUserProfiles;
import org.wikicache.core.InMemoryWikiStore;
import org.wikicache.core.PageName;
import org.wikicache.core.PasswordHasher;
import org.wikicache.core.StoreUnavailableException;
import org.wikicache.core.Wiki;

class EmailNotifierTest {
  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(true);

  private static EmailNotifier.Builder mailer() {
    return EmailNotifier.newBuilder()
        .smtp("127.0.0.1", SMTP.getSmtp().getPort())
        .from("Wiki <wiki@example.org>")
        .baseUrl("https://wiki.example.org/")
        .clock(Clock.fixed(Events.TIME, ZoneOffset.UTC))
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(2));
  }

  @Test
  void mailsAPageEditToTheAdminWithPageRevisionAuthorCommentAndLink() throws Exception {
    EmailNotifier mail = mailer().admins(FixedAdmins.of("ada@example.org")).build();

    mail.notify(Events.edit("Java/Records and more", 3, "grace", "fixed the example"));

    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(1);
    MimeMessage m = received[0];
    assertThat(m.getSubject())
        .isEqualTo("[wiki] Java/Records and more edited by grace (revision 3)");
    assertThat(addresses(m.getFrom())).containsExactly("wiki@example.org");
    assertThat(addresses(m.getRecipients(Message.RecipientType.TO)))
        .containsExactly("ada@example.org");
    assertThat(m.getContentType()).startsWith("text/plain").containsIgnoringCase("utf-8");
    assertThat(m.getHeader("Auto-Submitted")).containsExactly("auto-generated");
    assertThat(m.getSentDate().toInstant()).isEqualTo(Events.TIME);
    String body = body(m);
    assertThat(body)
        .contains("Page:     Java/Records and more")
        .contains("Revision: 3")
        .contains("Author:   grace")
        .contains("Comment:  fixed the example")
        .contains("Time:     2026-11-23 10:15:30 UTC")
        .contains("Link:     https://wiki.example.org/Java/Records%20and%20more?v=3");
  }

  @Test
  void mailsASignUpWithUsernameEmailAndProfileLink() throws Exception {
    EmailNotifier mail = mailer().admins(FixedAdmins.of("ada@example.org")).build();

    mail.notify(Events.signUp("linus", "linus@example.net", "Linus T."));

    MimeMessage m = single();
    assertThat(m.getSubject()).isEqualTo("[wiki] New user: linus");
    assertThat(body(m))
        .contains("Username: linus")
        .contains("Name:     Linus T.")
        .contains("Email:    linus@example.net")
        .contains("Profile:  https://wiki.example.org/_user/linus");
  }

  @Test
  void encodesNonAsciiPageNamesPerPathSegmentAndKeepsThemReadableInTheSubject()
      throws Exception {
    EmailNotifier mail = mailer().admins(FixedAdmins.of("ada@example.org")).build();

    mail.notify(Events.edit("Café/Crème brûlée?#", 1, "zoë", ""));

    MimeMessage m = single();
    assertThat(m.getSubject()).isEqualTo("[wiki] Café/Crème brûlée?# edited by zoë (revision 1)");
    assertThat(body(m))
        .contains("https://wiki.example.org/Caf%C3%A9/Cr%C3%A8me%20br%C3%BBl%C3%A9e%3F%23?v=1")
        .contains("Comment:  (none)");
  }

  @Test
  void extraRecipientsGetTheMailTooAndDuplicatesAreMailedOnce() {
    EmailNotifier mail = mailer()
        .admins(FixedAdmins.of("ada@example.org", "ADA@Example.org", "bob@example.org"))
        .extraRecipients(List.of("ops@example.net", "Bob@example.org"))
        .build();

    assertThat(mail.recipients())
        .containsExactly("ada@example.org", "bob@example.org", "ops@example.net");
    mail.notify(Events.edit("Main", 2, "ada", "typo"));

    Map<String, List<MimeMessage>> boxes = Mailboxes.byRecipient(SMTP);
    assertThat(boxes).containsOnlyKeys("ada@example.org", "bob@example.org", "ops@example.net");
    assertThat(boxes.values()).allSatisfy(messages -> assertThat(messages).hasSize(1));
  }

  @Test
  void invalidAdminAddressesAreSkippedAndTheValidOnesStillGetTheMail() {
    FixedAdmins admins = FixedAdmins.of("not-an-email", "a@b\r\nBcc: x@y.org",
        "ada@example.org", "two@ats@example.org", "", "grace@example.org");
    EmailNotifier mail = mailer().admins(admins).build();

    assertThat(mail.recipients()).containsExactly("ada@example.org", "grace@example.org");
    mail.notify(Events.edit("Main", 1, "ada", "start"));

    assertThat(Mailboxes.byRecipient(SMTP))
        .containsOnlyKeys("ada@example.org", "grace@example.org");
  }

  @Test
  void headerInjectionThroughPageNameCommentOrUsernameStaysInOneLine() throws Exception {
    EmailNotifier mail = mailer().admins(FixedAdmins.of("ada@example.org")).build();
    String evil = "\r\nBcc: evil@x.org\r\n";

    // PageName forbids control characters, so the page is attacked with a lookalike, and the
    // author and comment (free text) carry the real CR LF.
    mail.notify(Events.edit("Main", 1, "mallory" + evil + "X-Injected: yes", "hi" + evil));
    mail.notify(Events.signUp("eve" + evil + "Subject: pwned", "eve@example.net",
        "Eve\u2028Bcc: evil@x.org\u0085"));

    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(2);
    for (MimeMessage m : received) {
      String subject = m.getSubject();
      assertThat(subject).doesNotContain("\r").doesNotContain("\n").contains("Bcc: evil@x.org");
      assertThat(m.getHeader("Subject")).hasSize(1);
      assertThat(m.getHeader("Bcc")).isNull();
      assertThat(m.getHeader("X-Injected")).isNull();
      assertThat(addresses(m.getAllRecipients())).containsExactly("ada@example.org");
      assertThat(body(m)).doesNotContain("\nBcc:");
    }
    assertThat(received[0].getSubject())
        .isEqualTo("[wiki] Main edited by mallory Bcc: evil@x.org X-Injected: yes (revision 1)");
    assertThat(Mailboxes.byRecipient(SMTP)).containsOnlyKeys("ada@example.org");
  }

  @Test
  void smtpDownThrowsNotificationFailedException() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    EmailNotifier mail = mailer().smtp("127.0.0.1", closedPort)
        .admins(FixedAdmins.of("ada@example.org")).build();

    assertThatThrownBy(() -> mail.notify(Events.edit("Main", 1, "ada", "")))
        .isInstanceOf(NotificationFailedException.class)
        .hasMessageContaining("127.0.0.1:" + closedPort)
        .hasMessageContaining("Main edited by ada");
  }

  @Test
  void aServerThatNeverAnswersTimesOutInsteadOfHanging() throws IOException {
    // Accepts TCP connections (the kernel completes the handshake) but never says "220".
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      EmailNotifier mail = mailer().smtp("127.0.0.1", silent.getLocalPort())
          .readTimeout(Duration.ofMillis(300))
          .admins(FixedAdmins.of("ada@example.org")).build();

      assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
          assertThatThrownBy(() -> mail.notify(Events.edit("Main", 1, "ada", "")))
              .isInstanceOf(NotificationFailedException.class)
              .hasRootCauseInstanceOf(java.net.SocketTimeoutException.class));
    }
  }

  @Test
  void failingToListAdminsIsANotificationFailure() {
    FixedAdmins admins = FixedAdmins.of("ada@example.org");
    admins.failWith(new StoreUnavailableException("db down", new RuntimeException()));
    EmailNotifier mail = mailer().admins(admins).build();

    assertThatThrownBy(() -> mail.notify(Events.edit("Main", 1, "ada", "")))
        .isInstanceOf(NotificationFailedException.class)
        .hasCauseInstanceOf(StoreUnavailableException.class);
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  @Test
  void noValidRecipientSendsNothingAndDoesNotThrow() {
    EmailNotifier mail = mailer().admins(FixedAdmins.of("not-an-email")).build();

    mail.notify(Events.edit("Main", 1, "ada", ""));

    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  @Test
  void wiredIntoTheWikiServiceAnEditAndASignUpReachTheFirstUserWhoIsAdmin() throws Exception {
    InMemoryUserProfiles users = new InMemoryUserProfiles(AccountPolicy.DEFAULT,
        new PasswordHasher(1), Clock.systemUTC());
    InMemoryWikiStore store = InMemoryWikiStore.create();
    Wiki wiki = Wiki.newBuilder().store(store).history(store).users(users)
        .notifier(mailer().admins(users).build()).build();

    wiki.signUp("ada", "correct horse battery", "ada@example.org");  // first user: admin
    wiki.signUp("bob", "correct horse battery", "bob@example.org");
    wiki.edit(new Edit(PageName.of("Main"), 0, "# Hello", "bob", "first"));

    assertThat(Mailboxes.byRecipient(SMTP)).containsOnlyKeys("ada@example.org");
    assertThat(Arrays.stream(SMTP.getReceivedMessages()).map(m -> subject(m)))
        .containsExactly("[wiki] New user: ada", "[wiki] New user: bob",
            "[wiki] Main edited by bob (revision 1)");
  }

  @Test
  void builderRejectsBadConfiguration() {
    assertThatThrownBy(() -> EmailNotifier.newBuilder().extraRecipients(List.of("x@y.org"))
        .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("SMTP host");
    assertThatThrownBy(() -> EmailNotifier.newBuilder().smtp("localhost", 25).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("nobody to mail");
    assertThatThrownBy(() -> EmailNotifier.newBuilder().smtp("localhost", 25).ssl(true)
        .startTls(true).extraRecipients(List.of("x@y.org")).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> EmailNotifier.newBuilder().smtp("localhost", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmailNotifier.newBuilder().smtp("evil\r\nhost", 25))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmailNotifier.newBuilder().smtp("localhost:abc"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmailNotifier.newBuilder().from("a@b\r\nBcc: x@y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmailNotifier.newBuilder().extraRecipients(List.of("nope")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmailNotifier.newBuilder().baseUrl("ftp://x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmailNotifier.newBuilder().baseUrl("http://x/?a=b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmailNotifier.newBuilder().readTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmailNotifier.newBuilder().subjectPrefix("[a]\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void smtpHostAndPortParsesTheServerFlag() {
    EmailNotifier mail = EmailNotifier.newBuilder().smtp("mail.example.org:2525")
        .extraRecipients(List.of("a@example.org")).build();
    assertThat(mail.toString()).contains("mail.example.org:2525");
    EmailNotifier defaultPort = EmailNotifier.newBuilder().smtp("mail.example.org")
        .extraRecipients(List.of("a@example.org")).build();
    assertThat(defaultPort.toString()).contains("mail.example.org:25");
  }

  private static MimeMessage single() {
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(1);
    return received[0];
  }

  /** The decoded plain-text body. */
  static String body(MimeMessage m) {
    try {
      return (String) m.getContent();
    } catch (IOException | javax.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (javax.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> addresses(Address[] addresses) {
    return Arrays.stream(addresses).map(a -> ((InternetAddress) a).getAddress()).toList();
  }
}
