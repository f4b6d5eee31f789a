package org.wikicache.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy on a free loopback port for fault tests: put it between one client and a server
 * (memcached, PostgreSQL, MariaDB) and break that client's link only.
 *
 * <ul>
 *   <li>{@link #cut()} closes every connection and refuses new ones (they are accepted and closed
 *       at once) until {@link #restore()};
 *   <li>{@link #stall()} keeps connections open but forwards nothing, as a frozen peer would,
 *       until {@link #restore()};
 *   <li>{@link #loseReplyTo(String)} arms a one-shot fault: the next time a client sends bytes
 *       holding that text (say {@code COMMIT}), they reach the server, the server's reply is
 *       swallowed and the connection is closed: "committed, but the client saw an error".
 * </ul>
 *
 * <pre>{@code
 * try (TcpProxy proxy = TcpProxy.start("127.0.0.1", memcached.port())) {
 *   MemcacheClient a = XmemcachedClient.connect(proxy.address());
 *   proxy.cut();  ...  proxy.restore();
 * }
 * }</pre>
 *
 * <p>Thread-safe; each connection is pumped by two daemon threads.
 */
public final class TcpProxy implements AutoCloseable {
  private enum Mode { PASS, CUT, STALL }

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket server;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.PASS);
  private final AtomicReference<@Nullable String> loseReplyTo = new AtomicReference<>();
  private final AtomicInteger repliesLost = new AtomicInteger();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile CountDownLatch flowing = new CountDownLatch(0);
  private volatile boolean closed;

  private TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy to {@code host:port}, listening on a free loopback port. */
  public static TcpProxy start(String host, int port) {
    try {
      return new TcpProxy(host, port);
    } catch (IOException e) {
      throw new IllegalStateException("cannot open a proxy port", e);
    }
  }

  /** The proxy's port. */
  public int port() {
    return server.getLocalPort();
  }

  /** {@code "127.0.0.1:PORT"}. */
  public String address() {
    return "127.0.0.1:" + port();
  }

  /** Connections accepted so far. */
  public int connectionsAccepted() {
    return accepted.get();
  }

  /** How many replies {@link #loseReplyTo} has swallowed. */
  public int repliesLost() {
    return repliesLost.get();
  }

  /** Closes every connection now and refuses new ones until {@link #restore()}. */
  public void cut() {
    mode.set(Mode.CUT);
    links.forEach(Link::close);
  }

  /** Forwards nothing (connections stay open) until {@link #restore()}. */
  public void stall() {
    if (mode.compareAndSet(Mode.PASS, Mode.STALL)) {
      flowing = new CountDownLatch(1);
    }
  }

  /** Back to forwarding everything. */
  public void restore() {
    mode.set(Mode.PASS);
    flowing.countDown();
  }

  /** Arms the one-shot "lost reply" fault for the next client message holding {@code text}. */
  public void loseReplyTo(String text) {
    loseReplyTo.set(text);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        accepted.incrementAndGet();
        if (mode.get() == Mode.CUT) {
          client.close();
          continue;
        }
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(targetHost, targetPort), 5000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        Link link = new Link(client, upstream);
        links.add(link);
        link.start();
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  /** One proxied connection. */
  private final class Link {
    final Socket client;
    final Socket upstream;
    volatile boolean swallowReply;

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void start() {
      thread(() -> pump(client, upstream, true), "up");
      thread(() -> pump(upstream, client, false), "down");
    }

    private void thread(Runnable r, String name) {
      Thread t = new Thread(r, "tcp-proxy-" + port() + "-" + name);
      t.setDaemon(true);
      t.start();
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          awaitFlowing();
          if (mode.get() == Mode.CUT) {
            break;
          }
          if (fromClient) {
            String armed = loseReplyTo.get();
            if (armed != null && new String(buffer, 0, n, ISO_8859_1).contains(armed)
                && loseReplyTo.compareAndSet(armed, null)) {
              swallowReply = true;
            }
          } else if (swallowReply) {
            repliesLost.incrementAndGet();
            break;  // the server answered; the client never hears it
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // the other side went away
      } finally {
        close();
      }
    }

    private void awaitFlowing() throws IOException {
      try {
        while (!flowing.await(100, TimeUnit.MILLISECONDS)) {
          if (closed || mode.get() == Mode.CUT) {
            throw new SocketException("cut");
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SocketException("interrupted");
      }
    }

    void close() {
      links.remove(this);
      try {
        client.close();
      } catch (IOException e) {
        // closing
      }
      try {
        upstream.close();
      } catch (IOException e) {
        // closing
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    flowing.countDown();
    try {
      server.close();
    } catch (IOException e) {
      // closing
    }
    links.forEach(Link::close);
  }
}
