package org.wikicache.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SMTP authentication, and TLS options that must never fall back to sending in the clear. */
class SmtpSecurityTest {
  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig()
              .withUser("wiki@example.org", "wiki", "s3cret"))
          .withPerMethodLifecycle(true);

  @BeforeEach
  void requireAuthentication() {
    SMTP.getUserManager().setAuthRequired(true);
  }

  private static EmailNotifier.Builder mailer() {
    return EmailNotifier.newBuilder()
        .smtp("127.0.0.1", SMTP.getSmtp().getPort())
        .from("wiki@example.org")
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2))
        .extraRecipients(java.util.List.of("ada@example.org"));
  }

  @Test
  void authenticatesWithUsernameAndPassword() {
    mailer().authentication("wiki", "s3cret").build().notify(Events.edit("Main", 1, "ada", ""));

    assertThat(Mailboxes.byRecipient(SMTP)).containsOnlyKeys("ada@example.org");
  }

  @Test
  void aWrongPasswordIsANotificationFailure() {
    EmailNotifier mail = mailer().authentication("wiki", "wrong").build();

    assertThatThrownBy(() -> mail.notify(Events.edit("Main", 1, "ada", "")))
        .isInstanceOf(NotificationFailedException.class)
        .hasMessageContaining("AuthenticationFailedException");
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  @Test
  void requiredStartTlsRefusesToSendInTheClearToAServerWithoutIt() {
    // GreenMail 1.6 does not offer STARTTLS: the mail must not go out unencrypted.
    EmailNotifier mail = mailer().authentication("wiki", "s3cret").startTls(true).build();

    assertThatThrownBy(() -> mail.notify(Events.edit("Main", 1, "ada", "")))
        .isInstanceOf(NotificationFailedException.class)
        .hasMessageContaining("STARTTLS");
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  @Test
  void sslOnConnectToAPlainServerFailsInsteadOfFallingBack() {
    EmailNotifier mail = mailer().ssl(true).build();

    assertThatThrownBy(() -> mail.notify(Events.edit("Main", 1, "ada", "")))
        .isInstanceOf(NotificationFailedException.class);
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }
}
