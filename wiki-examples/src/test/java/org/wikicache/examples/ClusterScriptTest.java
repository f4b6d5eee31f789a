package org.wikicache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wikicache.testing.RequiredService;

/**
 * {@code scripts/cluster.sh}, shorter: two memcached, a lagging PostgreSQL streaming replica and
 * three servers, a mixed workload round-robin with a memcached and a server SIGKILLed and
 * restarted in the middle; the script's last line must report no failed, stale or lost-session
 * request, and it must leave nothing running.
 */
class ClusterScriptTest {
  /** Requests of the short run (the script's default is 600). */
  static final int REQUESTS = Integer.getInteger("wiki.test.clusterRequests", 150);

  @TempDir Path logs;

  @Test
  void theClusterServesEveryRequestThroughAKilledServerAndMemcached() throws Exception {
    Path script = Path.of("scripts/cluster.sh").toAbsolutePath();
    assertThat(script).exists();
    String user = System.getProperty("user.name");
    if (!"root".equals(user) && !"postgres".equals(user)) {
      RequiredService.missing("root (for the replica made with pg_basebackup)",
          "Run the cluster test as root or postgres, as CI does.", null);
    }
    if (!Files.isDirectory(Path.of("/usr/lib/postgresql"))) {
      RequiredService.missing("PostgreSQL's server tools (pg_basebackup, pg_ctl)",
          "apt-get install postgresql", null);
    }
    String classpath = System.getProperty("java.class.path");
    Path output = logs.resolve("cluster.out");
    Process p = new ProcessBuilder("bash", script.toString(), "--requests",
        Integer.toString(REQUESTS), "--classpath", classpath)
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    boolean done = p.waitFor(15, TimeUnit.MINUTES);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    String out = Files.readString(output, StandardCharsets.UTF_8);
    System.out.println(out);
    assertThat(done).as("the script finished within 15 minutes").isTrue();
    List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
    String last = lines.get(lines.size() - 1);
    assertThat(last).matches("requests=\\d+ failed=\\d+ stale=\\d+ sessions_lost=\\d+");
    assertThat(last).isEqualTo("requests=" + REQUESTS + " failed=0 stale=0 sessions_lost=0");
    assertThat(p.exitValue()).isZero();
    assertThat(out).contains("killed memcached 1 and server 1", "restarted memcached 1");
    // everything it started is gone: no server of ours on the classpath, no memcached child
    assertThat(ProcessHandle.allProcesses().filter(h -> h.info().commandLine()
        .map(c -> c.contains("org.wikicache.examples.WikiServer") && c.contains(
            "wikicluster_")).orElse(false)).count()).isZero();
    assertThat(new File(classpath.split(File.pathSeparator)[0])).exists();
  }
}
