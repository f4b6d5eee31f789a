package org.wikicache.examples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The training run of the server's AppCDS archive, which the build makes next to the jar
 * ({@code wiki-examples/target/wiki-server.jsa}, run under {@code -XX:ArchiveClassesAtExit}): it
 * starts the server on its embedded defaults (an H2 file in a temporary directory, the
 * in-process cache) on a free port, asks for the pages a first visitor sees, stops and exits.
 * With the archive the JVM maps those classes instead of reading, parsing and verifying them
 * from the jar, which is most of the start-up work (the course's advice: measure start-up, and
 * load what the first page does not need lazily).
 *
 * <p>A failed training never fails the build: the server runs without the archive (the JVM
 * ignores a missing one), only more slowly at start-up.
 */
public final class CdsTraining {
  private static final List<String> FIRST_VISIT = List.of("/", "/Main", "/login", "/_recent");

  private CdsTraining() {}

  /** Runs the training; always exits 0. */
  public static void main(String[] args) {
    @Nullable Path dir = null;
    try {
      dir = Files.createTempDirectory("wiki-cds-training");
      train(dir);
    } catch (IOException | InterruptedException | RuntimeException e) {
      System.err.println("AppCDS training failed (the server still runs, without the archive): "
          + e);
    } finally {
      delete(dir);
    }
    System.exit(0);  // the archive is written at exit
  }

  private static void train(Path dir) throws IOException, InterruptedException {
    WikiServerConfig config =
        WikiServerConfig.newBuilder().port(0).host("127.0.0.1").dataDir(dir.resolve("data"))
            .build();
    try (WikiServer server = WikiServer.start(config)) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      for (String path : FIRST_VISIT) {
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
      }
    }
  }

  private static void delete(@Nullable Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
