package org.wikicache.xmemcached;

import com.google.code.yanf4j.buffer.IoBuffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import net.rubyeye.xmemcached.command.Command;
import net.rubyeye.xmemcached.command.CommandType;
import net.rubyeye.xmemcached.impl.MemcachedTCPSession;
import net.rubyeye.xmemcached.utils.ByteUtils;

/**
 * A text-protocol {@code incr}/{@code decr} with memcached's own semantics. Xmemcached's
 * built-in one adds an initial value when the key is missing and parses the reply as a signed
 * {@code long}; this one sends the plain command and keeps the reply line, which
 * {@link XmemcachedClient} interprets ({@code NOT_FOUND}, a decimal unsigned 64-bit number, or
 * {@code CLIENT_ERROR ... non-numeric value}).
 *
 * <p><b>Thread safety:</b> one instance per request, completed by Xmemcached's reactor thread;
 * the result is published through the command's latch.
 */
final class TextArithmeticCommand extends Command {
  private final boolean increment;
  private final long delta;

  TextArithmeticCommand(String key, byte[] keyBytes, boolean increment, long delta) {
    super(key, keyBytes, increment ? CommandType.INCR : CommandType.DECR, new CountDownLatch(1));
    this.increment = increment;
    this.delta = delta;
  }

  @Override
  public void encode() {
    byte[] verb = (increment ? "incr " : "decr ").getBytes(StandardCharsets.US_ASCII);
    byte[] tail = (" " + Long.toUnsignedString(delta) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] line = new byte[verb.length + keyBytes.length + tail.length];
    System.arraycopy(verb, 0, line, 0, verb.length);
    System.arraycopy(keyBytes, 0, line, verb.length, keyBytes.length);
    System.arraycopy(tail, 0, line, verb.length + keyBytes.length, tail.length);
    setIoBuffer(IoBuffer.wrap(line));
  }

  @Override
  public boolean decode(MemcachedTCPSession session, ByteBuffer buffer) {
    String line = ByteUtils.nextLine(buffer);
    if (line == null) {
      return false;
    }
    setResult(line);
    countDownLatch();
    return true;
  }
}
