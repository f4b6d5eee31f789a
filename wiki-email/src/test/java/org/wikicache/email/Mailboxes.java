package org.wikicache.email;

import com.icegreen.greenmail.base.GreenMailOperations;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.mail.internet.MimeMessage;

/**
 * What GreenMail delivered, by envelope recipient (GreenMail makes one mailbox per RCPT TO, so
 * this sees Bcc recipients too, unlike the message headers).
 */
final class Mailboxes {
  private Mailboxes() {}

  /** Lowercased recipient address to the messages in its inbox, oldest first. */
  static Map<String, List<MimeMessage>> byRecipient(GreenMailOperations mail) {
    Map<String, List<MimeMessage>> out = new TreeMap<>();
    for (GreenMailUser user : mail.getUserManager().listUser()) {
      try {
        List<MimeMessage> messages = mail.getManagers().getImapHostManager().getInbox(user)
            .getMessages().stream().map(StoredMessage::getMimeMessage).toList();
        if (!messages.isEmpty()) {
          out.put(user.getEmail().toLowerCase(Locale.ROOT), messages);
        }
      } catch (FolderException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }
}
