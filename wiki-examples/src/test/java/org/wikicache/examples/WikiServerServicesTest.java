package org.wikicache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import javax.mail.internet.MimeMessage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.wikicache.core.PasswordHasher;
import org.wikicache.testing.MemcachedProcess;

/**
 * The server on real outside services, as started with {@code --memcached} and {@code --smtp}:
 * a memcached process and an SMTP server (GreenMail), with H2 and its outbox in between.
 */
class WikiServerServicesTest {
  @RegisterExtension static final MemcachedProcess MEMCACHED = MemcachedProcess.extension();
  @RegisterExtension static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path data;

  @Test
  void pagesAreServedFromMemcachedAndAdminsAreMailed() throws Exception {
    String smtp = "127.0.0.1:" + SMTP.getSmtp().getPort();
    try (WikiServer server = WikiServer.start(WikiServerConfig.newBuilder().port(0)
        .host("127.0.0.1").dataDir(data).memcached(MEMCACHED.address()).smtp(smtp)
        .adminEmail("ops@example.org").passwordHasher(new PasswordHasher(1_000)).build())) {
      assertThat(server.cacheDescription()).isEqualTo("memcached at " + MEMCACHED.address());
      WebClient c = new WebClient(server.url());
      c.signUp("admin", "correct horse");
      c.edit("Memcached/Page", "from **memcached**", "create");
      assertThat(new WebClient(server.url()).get("/Memcached/Page").body())
          .contains("Not served from cache");
      assertThat(new WebClient(server.url()).get("/Memcached/Page").body())
          .contains("<strong>memcached</strong>").contains("Served from cache")
          .contains("0 store queries");

      // the sign-up and the edit reach the SMTP server through the outbox dispatcher
      // two events, each mailed to ops@example.org (the admin user gave no address)
      assertThat(SMTP.waitForIncomingEmail(45_000, 2)).isTrue();
      MimeMessage[] mails = SMTP.getReceivedMessages();
      assertThat(mails).extracting(MimeMessage::getSubject)
          .anyMatch(s -> s.contains("admin"))
          .anyMatch(s -> s.contains("Memcached/Page"));
    }
  }
}
