package org.wikicache.cache;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.wikicache.core.Edit;
import org.wikicache.core.PageName;
import org.wikicache.core.PasswordHasher;
import org.wikicache.core.ProfileUpdate;
import org.wikicache.core.UserProfiles;
import org.wikicache.core.WikiStore;
import org.wikicache.jdbc.JdbcWiki;
import org.wikicache.memcache.MemcacheClient;
import org.wikicache.xmemcached.XmemcachedClient;

/**
 * A wiki server in a JVM of its own, for tests where a writer dies (SIGKILL) or is replaced: it
 * edits through its own database handle, memcache client and caching layer when told to on its
 * standard input, and answers each command on its standard output once the write has returned.
 *
 * <pre>
 * edit PAGE        -> saved PAGE REVISION
 * profile ID N     -> profiled ID N
 * </pre>
 */
final class EditorProcess implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final Writer in;

  private EditorProcess(Process process) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
    this.in = new java.io.OutputStreamWriter(process.getOutputStream(), UTF_8);
  }

  /** Starts a child JVM whose caching layer talks to {@code servers} and the given database. */
  static EditorProcess start(String jdbcUrl, String user, String password, String servers)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), EditorProcess.class.getName(), jdbcUrl, user,
        password, servers));
    File log = new File("target", "editor-process.log");
    pb.redirectError(ProcessBuilder.Redirect.appendTo(log));
    EditorProcess editor = new EditorProcess(pb.start());
    editor.expect("ready");
    return editor;
  }

  /** Edits {@code page}; returns the revision once the child's save returned. */
  long edit(PageName page) throws IOException {
    String reply = call("edit " + page.value());
    return Long.parseLong(reply.substring(reply.lastIndexOf(' ') + 1));
  }

  /** Sets user {@code id}'s profile version to {@code version}. */
  void profile(long id, long version) throws IOException {
    call("profile " + id + " " + version);
  }

  /** Kills the child with SIGKILL: no shutdown hook, no goodbye to the registry. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  private String call(String command) throws IOException {
    in.write(command + "\n");
    in.flush();
    return expect("");
  }

  private String expect(String prefix) throws IOException {
    String line = out.readLine();
    while (line != null && !line.startsWith(prefix) && !line.startsWith("failed")) {
      line = out.readLine();
    }
    if (line == null || line.startsWith("failed")) {
      throw new IOException("editor process said " + line + " (see target/editor-process.log)");
    }
    return line;
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  /** The child's main: {@code jdbcUrl user password memcachedServers}. */
  public static void main(String[] args) throws IOException {
    PrintStream reply = new PrintStream(System.out, true, UTF_8);
    JdbcWiki db = JdbcWiki.newBuilder().url(args[0], args[1], args[2])
        .passwordHasher(new PasswordHasher(1000)).poolSize(4).build();
    MemcacheClient client = XmemcachedClient.newBuilder().servers(args[3])
        .operationTimeout(Duration.ofMillis(300)).reconnectInterval(Duration.ofMillis(200))
        .build();
    CachingStores caching = CachingStores.newBuilder(client)
        .breaker(2, Duration.ofMillis(200)).build();
    WikiStore store = caching.store(db.store());
    UserProfiles users = caching.users(db.users());
    reply.println("ready");
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, UTF_8));
    String line;
    while ((line = commands.readLine()) != null) {
      String[] words = line.split(" ");
      try {
        if (words[0].equals("edit")) {
          PageName name = PageName.of(words[1]);
          long base = db.store().get(name).map(p -> p.revision()).orElse(0L);
          long saved = store.save(new Edit(name, base, "by the child " + System.nanoTime(),
              "child", "")).revision().number();
          reply.println("saved " + name + " " + saved);
        } else if (words[0].equals("profile")) {
          users.updateProfile(Long.parseLong(words[1]), new ProfileUpdate("", "", "v" + words[2]));
          reply.println("profiled " + words[1] + " " + words[2]);
        }
      } catch (RuntimeException e) {
        e.printStackTrace();
        reply.println("failed " + e);
      }
    }
  }
}
