package org.wikicache.email;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.mail.internet.MimeMessage;

/**
 * A GreenMail SMTP server on a port of its own (picked free, not the default 3025, so test JVMs
 * can run side by side) that can be stopped and started again on the same port to simulate a mail
 * server outage. Mail received before a stop is kept, so {@link #byRecipient()} covers every
 * incarnation.
 */
final class RestartableSmtp implements AutoCloseable {
  private final int port;
  private final Map<String, List<MimeMessage>> archived = new TreeMap<>();
  private GreenMail current;

  private RestartableSmtp(int port) {
    this.port = port;
  }

  /** A running server on a free loopback port. */
  static RestartableSmtp start() {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RestartableSmtp smtp = new RestartableSmtp(port);
    smtp.up();
    return smtp;
  }

  int port() {
    return port;
  }

  /** Starts a fresh server on the same port (after {@link #down()}). */
  synchronized void up() {
    if (current != null) {
      throw new IllegalStateException("already up");
    }
    current = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    current.start();
  }

  /** Stops the server: connections are refused until {@link #up()}. */
  synchronized void down() {
    if (current == null) {
      throw new IllegalStateException("already down");
    }
    Mailboxes.byRecipient(current).forEach(
        (rcpt, messages) -> archived.computeIfAbsent(rcpt, k -> new ArrayList<>())
            .addAll(messages));
    current.stop();
    current = null;
  }

  /** Lowercased envelope recipient to every message it received, over all incarnations. */
  synchronized Map<String, List<MimeMessage>> byRecipient() {
    Map<String, List<MimeMessage>> out = new TreeMap<>();
    archived.forEach((rcpt, messages) -> out.put(rcpt, new ArrayList<>(messages)));
    if (current != null) {
      Mailboxes.byRecipient(current).forEach(
          (rcpt, messages) -> out.computeIfAbsent(rcpt, k -> new ArrayList<>())
              .addAll(messages));
    }
    return out;
  }

  /** Messages received by {@code recipient} so far. */
  int count(String recipient) {
    return byRecipient().getOrDefault(recipient, List.of()).size();
  }

  @Override
  public synchronized void close() {
    if (current != null) {
      current.stop();
      current = null;
    }
  }
}
