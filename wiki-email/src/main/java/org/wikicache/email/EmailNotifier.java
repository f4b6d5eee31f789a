package org.wikicache.email;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.mail.Address;
import javax.mail.Authenticator;
import javax.mail.PasswordAuthentication;
import javax.mail.SendFailedException;
import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import org.apache.commons.mail.EmailException;
import org.apache.commons.mail.SimpleEmail;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wikicache.core.Notifier;
import org.wikicache.core.User;
import org.wikicache.core.UserProfiles;
import org.wikicache.core.WikiEvent;

/**
 * A {@link Notifier} that mails every event to the wiki's admins over SMTP (Apache Commons
 * Email): one plain-text mail per event, to every user holding the ADMIN role in the configured
 * {@link UserProfiles} plus a configured list of extra recipients.
 *
 * <p><b>It sends synchronously and throws.</b> {@link #notify} returns once the SMTP server has
 * accepted the mail, and throws {@link NotificationFailedException} when the server cannot be
 * reached in time, refuses the mail, or the admins cannot be listed. Give it to wiki-jdbc's
 * {@code JdbcWiki.notifyThroughOutbox} (and to nothing else): each edit and sign-up is then
 * recorded in its own transaction and mailed once, off the user's thread, retried while the
 * server is down. Given to an in-memory {@code Wiki}'s builder instead, a mail failure still
 * never fails an edit (the {@code Wiki} logs it), but that mail is lost.
 *
 * <p>The mail for a page edit names the page, revision, author, time and comment and links to
 * {@code <base>/<page>?v=<n>}; the mail for a sign-up names the username, display name and email
 * and links to {@code <base>/_user/<name>}. All user-supplied text is reduced to single lines
 * without control characters before it reaches the subject or the body, so no page name, comment
 * or username can inject a header. Each recipient address is validated strictly
 * ({@code new InternetAddress(addr, true)}); an invalid admin address is logged and skipped, and
 * the others still get the mail. Addresses are deduplicated case-insensitively. If the server
 * rejects some recipients but accepts others, the rejected ones are logged and the call succeeds
 * (so a retry does not mail the others twice).
 *
 * <p>Thread-safe: each call builds its own message; no state is shared but the immutable
 * configuration.
 *
 * <pre>{@code
 * EmailNotifier mail = EmailNotifier.newBuilder()
 *     .smtp("smtp.example.org", 587).startTls(true).authentication("wiki", secret)
 *     .from("Wiki <wiki@example.org>").baseUrl("https://wiki.example.org")
 *     .admins(db.users()).extraRecipients(List.of("ops@example.org"))
 *     .build();
 * db.notifyThroughOutbox(mail);   // db is the JdbcWiki; the Wiki gets no notifier
 * }</pre>
 */
public final class EmailNotifier implements Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(EmailNotifier.class);

  /** The most extra recipients one notifier accepts. */
  public static final int MAX_EXTRA_RECIPIENTS = 100;

  private final Session session;
  private final String smtpAddress;
  private final InternetAddress from;
  private final String baseUrl;
  private final String subjectPrefix;
  private final List<InternetAddress> extraRecipients;
  private final @Nullable UserProfiles admins;
  private final Clock clock;

  private EmailNotifier(Builder b) {
    this.smtpAddress = b.host + ":" + b.port;
    this.from = b.from;
    this.baseUrl = b.baseUrl;
    this.subjectPrefix = b.subjectPrefix;
    this.extraRecipients = List.copyOf(b.extraRecipients);
    this.admins = b.admins;
    this.clock = b.clock;
    this.session = Session.getInstance(sessionProperties(b), authenticator(b));
  }

  /** A builder; the SMTP host is required, everything else has a default. */
  public static Builder newBuilder() {
    return new Builder();
  }

  /**
   * Mails {@code event} to every recipient, synchronously.
   *
   * @throws NotificationFailedException if the SMTP server cannot be reached within the
   *     configured timeouts, rejects the mail for every recipient, or the admins cannot be listed
   */
  @Override
  public void notify(WikiEvent event) {
    requireNonNull(event, "event");
    List<InternetAddress> to = resolveRecipients();
    if (to.isEmpty()) {
      LOG.warn("no valid admin address to mail {} to",
          event.getClass().getSimpleName());
      return;
    }
    send(to, MailText.forEvent(event, subjectPrefix, baseUrl));
  }

  /**
   * The addresses the next mail goes to: the admins' addresses, then the extra recipients,
   * invalid ones skipped (and logged), duplicates removed case-insensitively.
   *
   * @throws NotificationFailedException if the admins cannot be listed
   */
  public List<String> recipients() {
    return resolveRecipients().stream().map(InternetAddress::getAddress).toList();
  }

  /** The base URL of links in the mails, without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public String toString() {
    return "EmailNotifier[smtp=" + smtpAddress + ", from=" + from.getAddress() + "]";
  }

  // ---- package-private, for DigestingNotifier ----

  String subjectPrefix() {
    return subjectPrefix;
  }

  Clock clock() {
    return clock;
  }

  List<InternetAddress> resolveRecipients() {
    Map<String, InternetAddress> byAddress = new LinkedHashMap<>();
    if (admins != null) {
      List<User> users;
      try {
        users = admins.admins();
      } catch (RuntimeException e) {
        throw new NotificationFailedException("could not list the admins to mail", e);
      }
      for (User user : users) {
        if (user.email().isEmpty()) {
          LOG.debug("admin {} has no email address", MailText.oneLine(
              user.username(), 100));
          continue;
        }
        Optional<InternetAddress> address = parseAddress(user.email());
        if (address.isEmpty()) {
          LOG.warn("skipping invalid email address {} of admin {}",
              quoted(user.email()), quoted(user.username()));
          continue;
        }
        byAddress.putIfAbsent(key(address.get()), address.get());
      }
    }
    for (InternetAddress extra : extraRecipients) {
      byAddress.putIfAbsent(key(extra), extra);
    }
    return List.copyOf(byAddress.values());
  }

  /** Sends one mail to {@code to}, which must be valid addresses. */
  void send(List<InternetAddress> to, MailText.Mail mail) {
    SimpleEmail email = new SimpleEmail();
    email.setMailSession(session);
    email.setCharset("UTF-8");
    try {
      email.setFromAddress(from);
      email.setTo(to);
      email.setSubject(mail.subject());
      email.setMsg(mail.body());
      email.setSentDate(Date.from(clock.instant()));
      email.addHeader("Auto-Submitted", "auto-generated");
      email.send();
    } catch (EmailException e) {
      if (partlySent(e)) {
        return;
      }
      throw new NotificationFailedException("could not send mail \"" + mail.subject()
          + "\" through " + smtpAddress + ": " + rootMessage(e), e);
    }
  }

  /**
   * True (and logged) if the server accepted the mail for some recipients and rejected others:
   * retrying would mail the accepted ones twice, and the rejected ones are unlikely to change.
   */
  private static boolean partlySent(EmailException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SendFailedException sfe) {
        Address[] sent = sfe.getValidSentAddresses();
        if (sent != null && sent.length > 0) {
          LOG.warn("mail server rejected recipients {}; sent to {}",
              java.util.Arrays.toString(sfe.getInvalidAddresses()),
              java.util.Arrays.toString(sent));
          return true;
        }
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /**
   * The address if {@code text} is one valid RFC 822 address (a bare address or
   * {@code Name <address>}) with a domain, else empty. Any control character makes it invalid.
   */
  static Optional<InternetAddress> parseAddress(String text) {
    if (text.length() > 320 || text.codePoints().anyMatch(MailText::unsafe)) {
      return Optional.empty();
    }
    try {
      InternetAddress address = new InternetAddress(text, true);
      address.validate();
      if (address.isGroup() || address.getAddress().indexOf('@') < 1) {
        return Optional.empty();
      }
      return Optional.of(address);
    } catch (AddressException e) {
      return Optional.empty();
    }
  }

  private static String key(InternetAddress address) {
    return address.getAddress().toLowerCase(Locale.ROOT);
  }

  private static String quoted(String text) {
    return "\"" + MailText.oneLine(text, 100) + "\"";
  }

  private static Properties sessionProperties(Builder b) {
    Properties p = new Properties();
    p.setProperty("mail.transport.protocol", "smtp");
    p.setProperty("mail.smtp.host", b.host);
    p.setProperty("mail.smtp.port", Integer.toString(b.port));
    p.setProperty("mail.smtp.connectiontimeout", Long.toString(b.connectTimeout.toMillis()));
    p.setProperty("mail.smtp.timeout", Long.toString(b.readTimeout.toMillis()));
    p.setProperty("mail.smtp.writetimeout", Long.toString(b.readTimeout.toMillis()));
    p.setProperty("mail.smtp.sendpartial", "true");
    p.setProperty("mail.smtp.from", from(b).getAddress());
    if (b.ssl) {
      p.setProperty("mail.smtp.ssl.enable", "true");
      p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    }
    if (b.startTls) {
      p.setProperty("mail.smtp.starttls.enable", "true");
      p.setProperty("mail.smtp.starttls.required", "true");
      p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    }
    if (b.username != null) {
      p.setProperty("mail.smtp.auth", "true");
      p.setProperty("mail.smtp.user", b.username);
    }
    return p;
  }

  private static InternetAddress from(Builder b) {
    return b.from;
  }

  private static @Nullable Authenticator authenticator(Builder b) {
    if (b.username == null || b.password == null) {
      return null;
    }
    String user = b.username;
    String password = b.password;
    return new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication(user, password);
      }
    };
  }

  /**
   * Configures an {@link EmailNotifier}. Not thread-safe; each setter validates its argument.
   *
   * <pre>{@code
   * EmailNotifier mail = EmailNotifier.newBuilder().smtp("localhost", 25)
   *     .extraRecipients(List.of("admin@example.org")).build();
   * }</pre>
   */
  public static final class Builder {
    private @Nullable String host;
    private int port = 25;
    private boolean startTls;
    private boolean ssl;
    private @Nullable String username;
    private @Nullable String password;
    private InternetAddress from = parseAddress("wikicache@localhost").orElseThrow();
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(10);
    private String baseUrl = "http://localhost:8080";
    private String subjectPrefix = "[wiki]";
    private final List<InternetAddress> extraRecipients = new ArrayList<>();
    private @Nullable UserProfiles admins;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The SMTP server. Required.
     *
     * @throws IllegalArgumentException if the host is blank or has whitespace, or the port is
     *     not 1..65535
     */
    public Builder smtp(String host, int port) {
      requireNonNull(host, "host");
      checkArgument(!host.isBlank() && host.codePoints().noneMatch(
          c -> Character.isWhitespace(c) || MailText.unsafe(c)), "invalid SMTP host: %s", host);
      checkArgument(port >= 1 && port <= 65535, "SMTP port must be 1..65535, was %s", port);
      this.host = host;
      this.port = port;
      return this;
    }

    /**
     * Parses {@code host:port} (as given to the example server's {@code --smtp} flag); the port
     * defaults to 25.
     *
     * @throws IllegalArgumentException if it is not {@code host} or {@code host:port}
     */
    public Builder smtp(String hostAndPort) {
      requireNonNull(hostAndPort, "hostAndPort");
      int colon = hostAndPort.lastIndexOf(':');
      if (colon < 0 || hostAndPort.endsWith("]")) {
        return smtp(hostAndPort, 25);
      }
      try {
        return smtp(hostAndPort.substring(0, colon),
            Integer.parseInt(hostAndPort.substring(colon + 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid SMTP port in " + hostAndPort, e);
      }
    }

    /** Upgrades the connection with STARTTLS, and refuses to send if the server cannot. */
    public Builder startTls(boolean startTls) {
      this.startTls = startTls;
      return this;
    }

    /** Connects with TLS from the start (SMTPS, usually port 465). */
    public Builder ssl(boolean ssl) {
      this.ssl = ssl;
      return this;
    }

    /**
     * Logs in to the SMTP server with this username and password.
     *
     * @throws IllegalArgumentException if the username is empty
     */
    public Builder authentication(String username, String password) {
      requireNonNull(username, "username");
      requireNonNull(password, "password");
      checkArgument(!username.isEmpty(), "SMTP username must not be empty");
      this.username = username;
      this.password = password;
      return this;
    }

    /**
     * The sender, {@code wiki@example.org} or {@code Wiki <wiki@example.org>}; default
     * {@code wikicache@localhost}.
     *
     * @throws IllegalArgumentException if it is not one valid address
     */
    public Builder from(String address) {
      requireNonNull(address, "address");
      this.from = parseAddress(address).orElseThrow(
          () -> new IllegalArgumentException("invalid from address: " + address));
      return this;
    }

    /**
     * How long to wait for the TCP connection to the SMTP server; default 5 seconds.
     *
     * @throws IllegalArgumentException if not positive or longer than 10 minutes
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = checkTimeout(timeout);
      return this;
    }

    /**
     * How long to wait for each read from (and write to) the SMTP server; default 10 seconds.
     *
     * @throws IllegalArgumentException if not positive or longer than 10 minutes
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = checkTimeout(timeout);
      return this;
    }

    /**
     * The wiki's public address, for links in the mails; default {@code http://localhost:8080}.
     * A trailing slash is dropped.
     *
     * @throws IllegalArgumentException if it is not an absolute http(s) URL without query or
     *     fragment
     */
    public Builder baseUrl(String baseUrl) {
      requireNonNull(baseUrl, "baseUrl");
      URI uri;
      try {
        uri = new URI(baseUrl);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("invalid base URL: " + baseUrl, e);
      }
      checkArgument(("http".equalsIgnoreCase(uri.getScheme())
              || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null
              && uri.getRawQuery() == null && uri.getRawFragment() == null,
          "base URL must be an absolute http(s) URL without query or fragment: %s", baseUrl);
      String trimmed = baseUrl;
      while (trimmed.endsWith("/")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      this.baseUrl = trimmed;
      return this;
    }

    /**
     * The text that starts every subject; default {@code [wiki]}.
     *
     * @throws IllegalArgumentException if longer than 40 characters or not one line
     */
    public Builder subjectPrefix(String prefix) {
      requireNonNull(prefix, "prefix");
      checkArgument(prefix.length() <= 40 && prefix.codePoints().noneMatch(MailText::unsafe),
          "subject prefix must be one line of at most 40 characters");
      this.subjectPrefix = prefix;
      return this;
    }

    /**
     * Addresses that get every mail besides the admins (e.g. the example server's
     * {@code --admin-email}). Adds to any set before.
     *
     * @throws IllegalArgumentException if an address is invalid or there are more than
     *     {@value EmailNotifier#MAX_EXTRA_RECIPIENTS}
     */
    public Builder extraRecipients(Collection<String> addresses) {
      requireNonNull(addresses, "addresses");
      checkArgument(extraRecipients.size() + addresses.size() <= MAX_EXTRA_RECIPIENTS,
          "at most %s extra recipients", MAX_EXTRA_RECIPIENTS);
      for (String address : addresses) {
        requireNonNull(address, "address");
        extraRecipients.add(parseAddress(address).orElseThrow(
            () -> new IllegalArgumentException("invalid recipient address: "
                + MailText.oneLine(address, 100))));
      }
      return this;
    }

    /** Mails every user holding the ADMIN role in {@code users}, read anew for each mail. */
    public Builder admins(UserProfiles users) {
      this.admins = requireNonNull(users, "users");
      return this;
    }

    /** The clock for the mails' Date header; the system clock (UTC) by default. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The notifier.
     *
     * @throws IllegalStateException if no SMTP host was set, both SSL and STARTTLS were asked
     *     for, or there are no recipients at all (no admins source and no extra recipients)
     */
    public EmailNotifier build() {
      checkState(host != null, "the SMTP host is required: call smtp(host, port)");
      checkState(!(ssl && startTls), "choose SSL or STARTTLS, not both");
      checkState(admins != null || !extraRecipients.isEmpty(),
          "nobody to mail: set admins(users) or extraRecipients(...)");
      return new EmailNotifier(this);
    }

    private static Duration checkTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      checkArgument(!timeout.isNegative() && !timeout.isZero()
          && timeout.compareTo(Duration.ofMinutes(10)) <= 0,
          "timeout must be positive and at most 10 minutes, was %s", timeout);
      return timeout;
    }
  }
}
