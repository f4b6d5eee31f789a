package org.wikicache.benchmarks;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.xmemcached.XmemcachedClient;
import org.wikicache.testing.MemcachedProcess;

/**
 * Starts a real memcached ({@code /usr/bin/memcached}, or {@code $MEMCACHED_BIN}) on a free
 * loopback port for a benchmark or a simulation, and kills it on {@link #close()} or when the JVM
 * exits. The idea of wiki-cache's test {@code MemcachedProcess}, without JUnit.
 *
 * <p><b>Thread safety:</b> {@link #close()} is idempotent and safe from any thread.
 *
 * <pre>{@code
 * try (MemcachedLauncher memcached = MemcachedLauncher.start(64)) {
 *   MemcacheClient client = XmemcachedClient.connect(memcached.address());
 * }
 * }</pre>
 */
public final class MemcachedLauncher implements AutoCloseable {
  private final Process process;
  private final int port;

  private MemcachedLauncher(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts memcached with {@code -m memoryMb} and waits until it accepts connections.
   *
   * @param memoryMb the item memory in megabytes (memcached's {@code -m}), 1 to 65,536
   * @param extraArgs more options, e.g. {@code "-t", "1"}
   * @return the running server
   * @throws IllegalStateException if the binary is missing or the server does not come up
   */
  public static MemcachedLauncher start(int memoryMb, String... extraArgs) {
    checkArgument(memoryMb >= 1 && memoryMb <= 65_536, "memoryMb out of range: %s", memoryMb);
    String env = System.getenv("MEMCACHED_BIN");
    Path binary = Path.of(env != null && !env.isBlank() ? env : "/usr/bin/memcached");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "memcached not found at " + binary + ": apt-get install -y memcached, or set"
              + " MEMCACHED_BIN, or pass an address of a running server");
    }
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(binary.toString(), "-p",
        Integer.toString(port), "-U", "0", "-l", "127.0.0.1", "-m", Integer.toString(memoryMb),
        "-t", "2", "-c", "1024"));
    if ("root".equals(System.getProperty("user.name"))) {
      command.add("-u");
      command.add("root");
    }
    command.addAll(List.of(extraArgs));
    Process process;
    try {
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(
              new File(System.getProperty("java.io.tmpdir"), "wikibench-memcached.log")))
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + binary, e);
    }
    MemcachedLauncher launcher = new MemcachedLauncher(process, port);
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "memcached-kill"));
    launcher.awaitAccepting();
    return launcher;
  }

  private void awaitAccepting() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("memcached exited with " + process.exitValue());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException e) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", ie);
        }
      }
    }
    close();
    throw new IllegalStateException("memcached did not accept connections on port " + port);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  /** The address, {@code "127.0.0.1:PORT"}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** Kills the server and waits for it to exit. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
