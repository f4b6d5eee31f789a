package org.wikicache.email;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.wikicache.core.PageName;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.User;
import org.wikicache.core.WikiEvent;

/**
 * The text of the mails: subjects, plain-text bodies and links, made safe from user-controlled
 * input. Stateless and thread-safe.
 *
 * <p>Everything a user typed (page names, usernames, display names, comments, emails) goes
 * through {@link #oneLine}: control characters (CR, LF, TAB, NUL, the C1 range, U+2028/U+2029,
 * bidirectional overrides) become spaces, runs of whitespace collapse, and the text is cut to a
 * bound. So a subject is always one header line, and a comment cannot fake a line of the body.
 */
final class MailText {
  /** The longest subject, in characters (RFC 5322 recommends lines of at most 78). */
  static final int MAX_SUBJECT = 200;
  /** The longest single user-supplied field in a body, in characters. */
  static final int MAX_FIELD = 1000;
  /** The most events listed one by one in a digest; the rest are counted. */
  static final int MAX_DIGEST_ITEMS = 500;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private MailText() {}

  /** A subject and a plain-text body, both already made safe. */
  record Mail(String subject, String body) {
    Mail {
      if (subject.chars().anyMatch(c -> c == '\r' || c == '\n')) {
        throw new IllegalArgumentException("subject must be one line");
      }
    }
  }

  /**
   * {@code text} as one line of at most {@code max} characters: every control, line-separator
   * or bidi-override character becomes a space, whitespace runs collapse to one space, and the
   * ends are trimmed. A cut text ends with an ellipsis.
   */
  static String oneLine(String text, int max) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max + 1));
    boolean space = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (unsafe(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        space = out.length() > 0;
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.appendCodePoint(cp);
      if (out.length() > max) {
        break;
      }
    }
    if (out.length() > max) {
      int cut = max - 1;
      if (Character.isLowSurrogate(out.charAt(cut))) {
        cut--;
      }
      out.setLength(cut);
      out.append('…');
    }
    return out.toString();
  }

  /** True for characters that must never reach a header or a body line verbatim. */
  static boolean unsafe(int cp) {
    int type = Character.getType(cp);
    return Character.isISOControl(cp)
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE // unpaired
        || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2066 && cp <= 0x2069);
  }

  /** Percent-encodes one URL path segment (RFC 3986: only unreserved characters stay). */
  static String encodeSegment(String segment) {
    StringBuilder out = new StringBuilder(segment.length() + 8);
    for (byte b : segment.getBytes(UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return out.toString();
  }

  /** The link to one revision of a page: {@code <base>/<page>?v=<n>}, segments encoded. */
  static String revisionLink(String baseUrl, PageName page, long number) {
    StringBuilder out = new StringBuilder(baseUrl);
    for (String segment : page.segments()) {
      out.append('/').append(encodeSegment(segment));
    }
    return out.append("?v=").append(number).toString();
  }

  /** The link to a user's profile: {@code <base>/_user/<name>}, the name encoded. */
  static String profileLink(String baseUrl, String username) {
    return baseUrl + "/_user/" + encodeSegment(username);
  }

  /** The mail for one event. */
  static Mail forEvent(WikiEvent event, String prefix, String baseUrl) {
    StringBuilder body = new StringBuilder(512);
    String subject;
    if (event instanceof WikiEvent.PageEdited e) {
      RevisionInfo r = e.revision();
      subject = prefix + " " + oneLine(r.page().value(), 120) + " edited by "
          + oneLine(r.author(), 40) + " (revision " + r.number() + ")";
      body.append(oneLine(r.author(), MAX_FIELD)).append(" edited the page \"")
          .append(oneLine(r.page().value(), MAX_FIELD)).append("\".\n\n");
      appendEdit(body, r, baseUrl);
    } else if (event instanceof WikiEvent.UserSignedUp e) {
      User u = e.user();
      subject = prefix + " New user: " + oneLine(u.username(), 120);
      body.append("A new user signed up.\n\n");
      appendSignUp(body, u, baseUrl);
    } else {
      throw new IllegalArgumentException("unknown event type: " + event.getClass().getName());
    }
    appendFooter(body, baseUrl);
    return new Mail(oneLine(subject, MAX_SUBJECT), body.toString());
  }

  /** One mail listing several events, oldest first; {@code dropped} older ones are counted. */
  static Mail digest(List<WikiEvent> events, long dropped, Instant now, String prefix,
      String baseUrl) {
    long edits = events.stream().filter(e -> e instanceof WikiEvent.PageEdited).count();
    long signUps = events.size() - edits;
    String subject = prefix + " Digest: " + plural(edits, "edit") + ", "
        + plural(signUps, "sign-up");
    StringBuilder body = new StringBuilder(256 + events.size() * 256);
    body.append("What happened on the wiki up to ").append(TIME.format(now)).append(":\n");
    body.append(plural(edits, "edit")).append(" and ").append(plural(signUps, "sign-up"))
        .append(".\n");
    if (dropped > 0) {
      body.append(plural(dropped, "older event"))
          .append(" did not fit into this digest and are not listed.\n");
    }
    int listed = 0;
    for (WikiEvent event : events) {
      if (listed == MAX_DIGEST_ITEMS) {
        body.append("\n… and ").append(events.size() - listed).append(" more.\n");
        break;
      }
      body.append('\n');
      if (event instanceof WikiEvent.PageEdited e) {
        body.append("* Edit of \"").append(oneLine(e.revision().page().value(), MAX_FIELD))
            .append("\"\n");
        appendEdit(body, e.revision(), baseUrl);
      } else if (event instanceof WikiEvent.UserSignedUp e) {
        body.append("* New user \"").append(oneLine(e.user().username(), MAX_FIELD))
            .append("\"\n");
        appendSignUp(body, e.user(), baseUrl);
      }
      listed++;
    }
    appendFooter(body, baseUrl);
    return new Mail(oneLine(subject, MAX_SUBJECT), body.toString());
  }

  private static void appendEdit(StringBuilder body, RevisionInfo r, String baseUrl) {
    String comment = oneLine(r.comment(), MAX_FIELD);
    body.append("Page:     ").append(oneLine(r.page().value(), MAX_FIELD)).append('\n')
        .append("Revision: ").append(r.number()).append('\n')
        .append("Author:   ").append(oneLine(r.author(), MAX_FIELD)).append('\n')
        .append("Time:     ").append(TIME.format(r.time().truncatedTo(ChronoUnit.SECONDS)))
        .append('\n')
        .append("Comment:  ").append(comment.isEmpty() ? "(none)" : comment).append('\n')
        .append("Link:     ").append(revisionLink(baseUrl, r.page(), r.number())).append('\n');
  }

  private static void appendSignUp(StringBuilder body, User u, String baseUrl) {
    String email = oneLine(u.email(), MAX_FIELD);
    body.append("Username: ").append(oneLine(u.username(), MAX_FIELD)).append('\n');
    if (!u.displayName().isEmpty()) {
      body.append("Name:     ").append(oneLine(u.displayName(), MAX_FIELD)).append('\n');
    }
    body.append("Email:    ").append(email.isEmpty() ? "(none)" : email).append('\n')
        .append("Time:     ").append(TIME.format(u.created().truncatedTo(ChronoUnit.SECONDS)))
        .append('\n')
        .append("Profile:  ").append(profileLink(baseUrl, u.username())).append('\n');
  }

  private static void appendFooter(StringBuilder body, String baseUrl) {
    body.append("\n-- \nYou get this mail as an admin of the wiki at ").append(baseUrl)
        .append(".\n");
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
