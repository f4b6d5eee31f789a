package org.wikicache.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WikiServerConfigTest {
  @Test
  void defaultsAreEmbedded() {
    WikiServerConfig c = WikiServerConfig.parse(List.of(), Map.of());
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.dataDir()).isEqualTo(Path.of("data"));
    assertThat(c.dbUrl()).isEmpty();
    assertThat(c.memcached()).isEmpty();
    assertThat(c.smtp()).isEmpty();
    assertThat(c.secure()).isFalse();
  }

  @Test
  void flagsOverrideEnvironment() {
    WikiServerConfig c = WikiServerConfig.parse(
        List.of("--port", "9090", "--memcached=a:11211,b:11212", "--base-url",
            "https://wiki.example.org"),
        Map.of("WIKI_PORT", "7070", "WIKI_DATA_DIR", "/tmp/w", "WIKI_SMTP", "mail:25",
            "WIKI_ADMIN_EMAIL", "wiki@example.org"));
    assertThat(c.port()).isEqualTo(9090);
    assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/w"));
    assertThat(c.memcached()).hasValue("a:11211,b:11212");
    assertThat(c.smtp()).hasValue("mail:25");
    assertThat(c.adminEmail()).hasValue("wiki@example.org");
    assertThat(c.secure()).isTrue();
  }

  @Test
  void badFlagsAreUsageErrors() {
    assertThatThrownBy(() -> WikiServerConfig.parse(List.of("--bogus"), Map.of()))
        .isInstanceOf(WikiServerConfig.UsageException.class).hasMessageContaining("--bogus");
    assertThatThrownBy(() -> WikiServerConfig.parse(List.of("--port"), Map.of()))
        .isInstanceOf(WikiServerConfig.UsageException.class).hasMessageContaining("--port");
    assertThatThrownBy(() -> WikiServerConfig.parse(List.of("--port", "http"), Map.of()))
        .isInstanceOf(WikiServerConfig.UsageException.class);
    assertThatThrownBy(() -> WikiServerConfig.parse(List.of("--port", "70000"), Map.of()))
        .isInstanceOf(WikiServerConfig.UsageException.class);
    assertThatThrownBy(() -> WikiServerConfig.parse(List.of("--memcached", "nohost"), Map.of()))
        .isInstanceOf(WikiServerConfig.UsageException.class);
    assertThatThrownBy(() -> WikiServerConfig.parse(List.of("--base-url", "ftp://x"), Map.of()))
        .isInstanceOf(WikiServerConfig.UsageException.class);
    assertThatThrownBy(() -> WikiServerConfig.parse(List.of(), Map.of("WIKI_PORT", "x")))
        .hasMessageContaining("WIKI_PORT");
  }

  @Test
  void badCommandLineExitsWithStatus2AndUsage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = WikiServer.run(List.of("--nope"), Map.of(), new PrintStream(
        new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option: '--nope'")
        .contains("Usage: java -jar wiki-server.jar");
  }

  @Test
  void helpPrintsUsage() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(WikiServer.run(List.of("--help"), Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--memcached");
  }
}
