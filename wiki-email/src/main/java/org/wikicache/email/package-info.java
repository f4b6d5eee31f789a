/**
 * Mail to admins over SMTP, on Apache Commons Email: {@link org.wikicache.email.EmailNotifier}
 * sends one plain-text mail per {@link org.wikicache.core.WikiEvent} to every admin (and a
 * configured list), and {@link org.wikicache.email.DigestingNotifier} batches events into one
 * mail per recipient per interval.
 *
 * <p>{@code EmailNotifier} sends synchronously and throws
 * {@link org.wikicache.email.NotificationFailedException} when the mail server cannot be reached,
 * so give it to wiki-jdbc's {@code JdbcWiki.notifyThroughOutbox} (the one place it goes): edits
 * then never wait on mail, each event is mailed once, and a mail server outage only delays mail.
 *
 * <pre>{@code
 * EmailNotifier mail = EmailNotifier.newBuilder()
 *     .smtp("smtp.example.org", 587).startTls(true).authentication("wiki", secret)
 *     .from("wiki@example.org").baseUrl("https://wiki.example.org")
 *     .admins(db.users()).extraRecipients(List.of("ops@example.org"))
 *     .build();
 * db.notifyThroughOutbox(mail);
 * }</pre>
 */
@NullMarked
package org.wikicache.email;

import org.jspecify.annotations.NullMarked;
