package org.wikicache.examples.web;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.net.MediaType;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.BadMessageException;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a form post or of a query string, read with bounds checked before anything is
 * read: a form must be {@code application/x-www-form-urlencoded} in UTF-8 (anything else,
 * multipart included, is a 415 without reading the body); a declared length above the route's
 * limit is a 413 without reading; a body without a declared length is read up to the limit and
 * no further; percent-escapes and UTF-8 are decoded strictly (bad input is a 400, never replaced
 * silently); at most {@value #MAX_FIELDS} fields; reading takes at most {@link #MAX_READ}
 * (and Jetty cuts off bodies slower than the server's minimum rate). Of a repeated field the
 * first value counts.
 *
 * <p>The server reads every body through this class (the {@link Router} does it before calling a
 * {@link Router.FormHandler}); nothing calls Javalin's {@code formParam}, which would read
 * multipart bodies of any size.
 *
 * <pre>{@code
 * Form form = Form.read(ctx, 16 * 1024);
 * String username = form.get("username");   // "" if absent
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Form {
  /** The most fields a form or query string may have. */
  public static final int MAX_FIELDS = 100;

  /** How long reading a body may take at most. */
  public static final Duration MAX_READ = Duration.ofSeconds(60);

  private static final Form EMPTY = new Form(Map.of());

  private final Map<String, String> fields;

  private Form(Map<String, String> fields) {
    this.fields = fields;
  }

  /**
   * Reads the body of {@code ctx} as a form of at most {@code maxBytes} bytes.
   *
   * @throws WebError 415 for another content type or charset, 413 above {@code maxBytes}, 400
   *     for a body cut off or badly encoded
   */
  public static Form read(Context ctx, long maxBytes) {
    String type = ctx.header("Content-Type");
    long declared = ctx.req().getContentLengthLong();
    boolean chunked = ctx.header("Transfer-Encoding") != null;
    if (type == null) {
      if (declared <= 0 && !chunked) {
        return EMPTY;  // a POST without a body: every field is absent
      }
      throw unsupported("The request has a body but no Content-Type.");
    }
    checkFormType(type);
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
    return parse(readBody(ctx, maxBytes));
  }

  /**
   * At most {@code maxBytes + 1} bytes of the body, read within {@link #MAX_READ}: a body that
   * trickles in holds a thread (and perhaps a place in the gate) for that long at most.
   */
  private static byte[] readBody(Context ctx, long maxBytes) {
    long deadline = System.nanoTime() + MAX_READ.toNanos();
    ByteArrayOutputStream body = new ByteArrayOutputStream(
        (int) Math.min(Math.max(ctx.req().getContentLengthLong(), 0), maxBytes) + 1);
    byte[] chunk = new byte[16 * 1024];
    try (InputStream in = ctx.req().getInputStream()) {
      int n;
      while ((n = in.read(chunk, 0, (int) Math.min(chunk.length, maxBytes + 1 - body.size())))
          > 0) {
        body.write(chunk, 0, n);
        if (body.size() > maxBytes) {
          throw tooLarge(maxBytes);
        }
        if (System.nanoTime() - deadline > 0) {
          throw new WebError(408, "The request body came too slowly; nothing was done.",
              Map.of("Connection", "close"));
        }
      }
    } catch (IOException e) {
      throw WebError.badRequest("The request body could not be read to its end.");
    } catch (BadMessageException e) {  // Jetty's own limits: a body that trickles in, say
      throw new WebError(e.getCode() >= 400 && e.getCode() < 500 ? e.getCode() : 400,
          "The request body could not be read: " + e.getReason() + ".",
          Map.of("Connection", "close"));
    }
    return body.toByteArray();
  }

  /**
   * The query string of {@code ctx}, decoded as UTF-8 whatever the request's headers say.
   *
   * @throws WebError 400 for bad escapes, bad UTF-8 or too many fields
   */
  public static Form query(Context ctx) {
    String query = ctx.queryString();
    return query == null || query.isEmpty() ? EMPTY : parse(query.getBytes(UTF_8));
  }

  /** Parses {@code application/x-www-form-urlencoded} bytes. */
  static Form parse(byte[] body) {
    Map<String, String> fields = new HashMap<>();
    int start = 0;
    int count = 0;
    while (start <= body.length) {
      int end = indexOf(body, (byte) '&', start, body.length);
      if (end > start) {
        if (++count > MAX_FIELDS) {
          throw WebError.badRequest("Too many fields: at most " + MAX_FIELDS + " are accepted.");
        }
        int nameEnd = indexOf(body, (byte) '=', start, end);
        String name = decode(body, start, nameEnd);
        String value = nameEnd < end ? decode(body, nameEnd + 1, end) : "";
        fields.putIfAbsent(name, value);
      }
      start = end + 1;
    }
    return new Form(Map.copyOf(fields));
  }

  /** The value of field {@code name}, or {@code ""} if absent. */
  public String get(String name) {
    return fields.getOrDefault(name, "");
  }

  /** The value of field {@code name}, if present. */
  public Optional<String> find(String name) {
    return Optional.ofNullable(fields.get(name));
  }

  /**
   * The field {@code name} as a number from 0 to {@link Long#MAX_VALUE}.
   *
   * @throws WebError 400 if it is absent or not such a number
   */
  public long number(String name) {
    return parseNumber(name, fields.get(name));
  }

  /**
   * The field {@code name} as a number from 0 to {@link Long#MAX_VALUE}, or {@code fallback} if
   * it is absent.
   *
   * @throws WebError 400 if it is present but not such a number
   */
  public long number(String name, long fallback) {
    String value = fields.get(name);
    return value == null ? fallback : parseNumber(name, value);
  }

  /**
   * {@code value} as a number from 0 to {@link Long#MAX_VALUE}, ASCII digits only.
   *
   * @param name what the number is, for the error message
   * @throws WebError 400 if it is null or not such a number
   */
  public static long parseNumber(String name, @Nullable String value) {
    if (value == null || value.isEmpty() || value.length() > 19
        || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw WebError.badRequest("Missing or bad number for " + name + ".");
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw WebError.badRequest("Bad number for " + name + ".");
    }
  }

  /** The number of distinct fields. */
  public int size() {
    return fields.size();
  }

  private static void checkFormType(String header) {
    MediaType type;
    Optional<Charset> charset;
    try {
      type = MediaType.parse(header);
      charset = type.charset().toJavaUtil();
    } catch (IllegalArgumentException | IllegalStateException e) {
      // malformed, an unknown or unsupported charset, or charset given twice
      throw unsupported("Unsupported Content-Type \"" + clip(header) + "\"; send forms as "
          + "application/x-www-form-urlencoded in UTF-8.");
    }
    if (!type.withoutParameters().is(MediaType.FORM_DATA)) {
      throw unsupported("Unsupported Content-Type " + clip(type.withoutParameters().toString())
          + "; this server takes forms as application/x-www-form-urlencoded only.");
    }
    if (charset.isPresent() && !charset.get().equals(UTF_8)) {
      throw unsupported("Unsupported charset " + charset.get().name()
          + "; send forms in UTF-8.");
    }
  }

  private static WebError unsupported(String message) {
    return new WebError(415, message,
        Map.of("Accept-Post", "application/x-www-form-urlencoded; charset=UTF-8"));
  }

  private static WebError tooLarge(long maxBytes) {
    return new WebError(413, "The request is too large: this form accepts at most "
        + maxBytes + " bytes. Nothing was saved.", Map.of("Connection", "close"));
  }

  private static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }

  /** The index of {@code b} in {@code bytes[from, to)}, or {@code to}. */
  private static int indexOf(byte[] bytes, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return to;
  }

  /**
   * Checks that a raw URL path ({@code /Z%C3%BCrich}) has only well-formed percent-escapes of
   * UTF-8: Javalin would fail on a bad escape when it decodes the path's parameters.
   *
   * @throws WebError 400 if it has not
   */
  public static void checkPath(String rawPath) {
    if (rawPath.indexOf('%') >= 0 || !US_ASCII.newEncoder().canEncode(rawPath)) {
      byte[] bytes = rawPath.getBytes(UTF_8);
      decode(bytes, 0, bytes.length, false);
    }
  }

  private static String decode(byte[] body, int from, int to) {
    return decode(body, from, to, true);
  }

  /** Decodes {@code %XX} (and {@code +}, if a space) into bytes, then those as strict UTF-8. */
  private static String decode(byte[] body, int from, int to, boolean plusIsSpace) {
    boolean plain = true;
    for (int i = from; i < to && plain; i++) {
      plain = body[i] != '%' && (body[i] != '+' || !plusIsSpace) && body[i] >= 0;
    }
    if (plain) {
      return new String(body, from, to - from, US_ASCII);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      byte b = body[i];
      if (b == '+' && plusIsSpace) {
        out.write(' ');
      } else if (b == '%') {
        int hi = i + 2 < to ? Character.digit(body[i + 1], 16) : -1;
        int lo = hi >= 0 ? Character.digit(body[i + 2], 16) : -1;
        if (lo < 0) {
          throw WebError.badRequest("Bad percent-escape in the address or the form.");
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        out.write(b);
      }
    }
    try {
      return UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw WebError.badRequest("The address or the form is not valid UTF-8.");
    }
  }

  @Override
  public String toString() {
    return "Form" + fields.keySet();
  }
}
