package org.wikicache.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.wikicache.memcache.MemcacheClient;

/**
 * A real memcached server for tests: the Debian {@code /usr/bin/memcached} binary (or the one
 * named by the {@code MEMCACHED_BIN} environment variable) started on a free loopback port with
 * {@code -U 0 -m 64 -t 2} ({@code -m} can be chosen with {@link #start(int, String...)}). No Docker.
 *
 * <p>Use it as a JUnit 5 extension on a static field, which starts the server before the class's
 * tests and kills it after them:
 * <pre>{@code
 * @RegisterExtension static final MemcachedProcess memcached = MemcachedProcess.extension();
 * ...
 * MemcacheClient client = XmemcachedClient.connect(memcached.address());
 * }</pre>
 * or by hand with {@link #start(String...)} and {@link #close()} (benchmarks and tools use it so,
 * outside JUnit). Fault tests use {@link #stop()},
 * {@link #pause()} (SIGSTOP: the socket stays open but nothing answers), {@link #resume()} and
 * {@link #restart()} (same port). Every process is also killed when the JVM exits.
 *
 * <p>When the binary is missing, {@link RequiredService#missing} fails the test under
 * {@code CI=true} and skips it elsewhere.
 *
 * <p><b>Thread safety:</b> the control methods are synchronized; one test thread drives them.
 */
public final class MemcachedProcess implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);
  private static final List<Process> ALL = new ArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      synchronized (ALL) {
        ALL.forEach(Process::destroyForcibly);
      }
    }, "memcached-process-cleanup"));
  }

  /** The item memory of a server started without a size, in megabytes ({@code -m}). */
  public static final int DEFAULT_MEMORY_MEGABYTES = 64;

  private final int memoryMegabytes;
  private final List<String> extraArgs;
  private int port;
  private Process process;

  private MemcachedProcess(int memoryMegabytes, List<String> extraArgs) {
    if (memoryMegabytes < 1 || memoryMegabytes > 65_536) {
      throw new IllegalArgumentException(
          "memoryMegabytes must be 1 to 65,536: " + memoryMegabytes);
    }
    this.memoryMegabytes = memoryMegabytes;
    this.extraArgs = List.copyOf(extraArgs);
  }

  /**
   * Returns an unstarted server for {@code @RegisterExtension}: started before all tests of the
   * class, killed after them.
   *
   * @param extraArgs more memcached options, e.g. {@code "-I", "2m"}
   * @return the extension
   */
  public static MemcachedProcess extension(String... extraArgs) {
    return new MemcachedProcess(DEFAULT_MEMORY_MEGABYTES, List.of(extraArgs));
  }

  /**
   * Starts a server now and waits until it accepts connections.
   *
   * @param extraArgs more memcached options
   * @return the running server; {@link #close()} it
   */
  public static MemcachedProcess start(String... extraArgs) {
    return start(DEFAULT_MEMORY_MEGABYTES, extraArgs);
  }

  /**
   * Starts a server with {@code memoryMegabytes} of item memory now and waits until it accepts
   * connections. memcached needs its largest item ({@code -I}, 1 MiB by default) to be at most
   * half of it: pass {@code "-I", "512k"} with 1 MB.
   *
   * @param memoryMegabytes memcached's {@code -m}, 1 to 65,536
   * @param extraArgs more memcached options, e.g. {@code "-I", "512k"}
   * @return the running server; {@link #close()} it
   * @throws IllegalArgumentException if {@code memoryMegabytes} is out of range
   */
  public static MemcachedProcess start(int memoryMegabytes, String... extraArgs) {
    MemcachedProcess p = new MemcachedProcess(memoryMegabytes, List.of(extraArgs));
    p.launch();
    return p;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    launch();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** The memcached binary to run. */
  static Path binary() {
    String env = System.getenv("MEMCACHED_BIN");
    return Path.of(env != null && !env.isBlank() ? env : "/usr/bin/memcached");
  }

  private synchronized void launch() {
    Path binary = binary();
    if (!Files.isExecutable(binary)) {
      RequiredService.missing("memcached (" + binary + ")",
          "Install it with: apt-get install -y memcached", null);
    }
    if (port == 0) {
      port = freePort();
    }
    List<String> command = new ArrayList<>(List.of(binary.toString(),
        "-p", Integer.toString(port), "-U", "0", "-l", "127.0.0.1",
        "-m", Integer.toString(memoryMegabytes), "-t", "2"));
    if ("root".equals(System.getProperty("user.name"))) {
      command.add("-u"); // memcached refuses to run as root without -u
      command.add("root");
    }
    command.addAll(extraArgs);
    try {
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile()))
          .start();
    } catch (IOException e) {
      RequiredService.missing("memcached (" + binary + ")",
          "Install it with: apt-get install -y memcached", e);
    }
    synchronized (ALL) {
      ALL.add(process);
    }
    awaitAccepting();
  }

  private static File logFile() {
    File dir = new File("target");
    return new File(dir.isDirectory() ? dir : new File(System.getProperty("java.io.tmpdir")),
        "memcached-test.log");
  }

  private void awaitAccepting() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "memcached exited with " + process.exitValue() + " on port " + port
                + " (see " + logFile() + ")");
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        last = e;
        Sleep.of(Duration.ofMillis(20));
      }
    }
    throw new IllegalStateException("memcached did not accept connections on port " + port, last);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  /** The server's address, {@code "127.0.0.1:PORT"}, as {@code XmemcachedClient} takes it. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** The server's TCP port (stable across {@link #restart()}). */
  public int port() {
    return port;
  }

  /** The server's process id. */
  public synchronized long pid() {
    return process.pid();
  }

  /** Tells whether the process is alive (a paused process is alive). */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Kills the server (SIGKILL) and waits for it to exit. Items are lost. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (ALL) {
      ALL.remove(process);
    }
  }

  /** Freezes the server with SIGSTOP: connections stay open, nothing is answered. */
  public synchronized void pause() {
    signal("-STOP");
    awaitStopped(true);
  }

  /** Thaws a {@link #pause() paused} server with SIGCONT. */
  public synchronized void resume() {
    signal("-CONT");
    awaitStopped(false);
  }

  /**
   * Waits until every thread of the process is stopped (or none is), as Linux shows it in
   * {@code /proc/<pid>/task/<tid>/stat}: {@code kill} returns once the signal is sent, and on a
   * loaded machine a worker thread may still answer a request after that. Returns at once where
   * there is no {@code /proc}.
   */
  private void awaitStopped(boolean stopped) {
    Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (Files.isDirectory(tasks) && System.nanoTime() < deadline) {
      try (var threads = Files.list(tasks)) {
        if (threads.allMatch(t -> isStopped(t.resolve("stat")) == stopped)) {
          return;
        }
      } catch (IOException e) {
        return; // the process is gone: nothing to wait for
      }
      Sleep.of(Duration.ofMillis(5));
    }
  }

  private static boolean isStopped(Path stat) {
    try {
      String line = Files.readString(stat);
      char state = line.charAt(line.lastIndexOf(')') + 2); // "pid (comm) S ..."
      return state == 'T' || state == 't';
    } catch (IOException | RuntimeException e) {
      return true; // a thread that is gone answers nothing either
    }
  }

  /** Kills the server and starts a new, empty one on the same port. */
  public synchronized void restart() {
    stop();
    launch();
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid()))
          .redirectErrorStream(true).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kill " + signal, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Kills the server. Idempotent. */
  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "memcached@" + address();
  }
}
