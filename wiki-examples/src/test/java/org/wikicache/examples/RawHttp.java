package org.wikicache.examples;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP/1.1 over a plain socket, for requests a well-behaved client will not send: bodies cut
 * off, declared lengths that lie, uploads of hundreds of MiB streamed while the answer is read
 * (so a server that answers early is seen to answer early). One request per connection.
 */
final class RawHttp {
  /** An answer: status, headers (names lower-cased), body, and how long it took. */
  record Answer(int status, Map<String, String> headers, String body, long millis,
      long bodyBytesSent) {
    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }
  }

  private final int port;

  RawHttp(int port) {
    this.port = port;
  }

  /** Sends {@code head} (request line and headers, without the blank line) and {@code body}. */
  Answer send(String head, byte[] body) {
    return send(head, body, body.length);
  }

  /**
   * Sends {@code head} and the first {@code bodyBytes} of {@code body}, then ends the sending
   * side of the connection (a body cut off if {@code bodyBytes} is short of the declared
   * length), then reads the answer.
   */
  Answer send(String head, byte[] body, int bodyBytes) {
    return stream(head, (out, sent) -> {
      out.write(body, 0, bodyBytes);
      sent.addAndGet(bodyBytes);
      out.flush();
    }, true);
  }

  /**
   * Sends {@code head}, then {@code total} bytes of {@code filler} in 64 KiB writes on another
   * thread while the answer is read: a server that answers before reading it all is not made
   * to wait for the rest.
   */
  Answer upload(String head, long total, byte filler) {
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, filler);
    return stream(head, (out, sent) -> {
      long left = total;
      while (left > 0) {
        int n = (int) Math.min(chunk.length, left);
        out.write(chunk, 0, n);
        sent.addAndGet(n);
        left -= n;
      }
      out.flush();
    }, false);
  }

  /** Sends {@code head}, then one byte of body at a time, {@code perSecond} a second. */
  Answer trickle(String head, int perSecond) {
    return stream(head, (out, sent) -> {
      while (true) {
        out.write('a');
        out.flush();
        sent.incrementAndGet();
        try {
          Thread.sleep(1000 / perSecond);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }, false);
  }

  private interface BodyWriter {
    void write(OutputStream out, AtomicLong sent) throws IOException;
  }

  private Answer stream(String head, BodyWriter body, boolean halfClose) {
    long t0 = System.nanoTime();
    AtomicLong sent = new AtomicLong();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\nHost: 127.0.0.1\r\n\r\n").getBytes(UTF_8));
      out.flush();
      Thread writer = new Thread(() -> {
        try {
          body.write(out, sent);
          if (halfClose) {
            socket.shutdownOutput();
          }
        } catch (IOException e) {
          // the server closed the connection after answering: that is the point
        }
      }, "raw-http-body");
      writer.setDaemon(true);
      writer.start();
      byte[] response = readResponse(socket.getInputStream());
      long millis = (System.nanoTime() - t0) / 1_000_000;
      return parse(response, millis, sent.get());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads until the declared length, a chunked body's end, or the connection's end. */
  private static byte[] readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    int headerEnd = -1;
    long expected = -1;   // the whole answer's length, once known
    boolean chunked = false;
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        bytes.write(buffer, 0, n);
        if (headerEnd < 0) {
          String text = bytes.toString(ISO_8859_1);
          headerEnd = text.indexOf("\r\n\r\n");
          if (headerEnd < 0) {
            continue;
          }
          String headers = text.substring(0, headerEnd).toLowerCase(Locale.ROOT);
          int at = headers.indexOf("content-length:");
          if (at >= 0) {
            int eol = headers.indexOf("\r\n", at);
            expected = headerEnd + 4 + Long.parseLong(
                headers.substring(at + 15, eol < 0 ? headers.length() : eol).trim());
          } else if (headers.contains("transfer-encoding: chunked")) {
            chunked = true;
          } else if (headers.startsWith("http/1.1 204") || headers.startsWith("http/1.1 304")) {
            expected = headerEnd + 4;
          }
        }
        if (expected >= 0 && bytes.size() >= expected) {
          break;
        }
        if (chunked && endsWith(bytes, "\r\n0\r\n\r\n")) {
          break;
        }
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      if (bytes.size() == 0) {
        throw e;
      }
    }
    return bytes.toByteArray();
  }

  private static boolean endsWith(ByteArrayOutputStream bytes, String suffix) {
    if (bytes.size() < suffix.length()) {
      return false;
    }
    byte[] all = bytes.toByteArray();
    return new String(all, all.length - suffix.length(), suffix.length(), ISO_8859_1)
        .equals(suffix);
  }

  private static Answer parse(byte[] response, long millis, long sent) {
    String text = new String(response, ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalStateException("no complete answer: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
    }
    String body = new String(response, end + 4, response.length - end - 4, UTF_8);
    return new Answer(status, headers, body, millis, sent);
  }
}
