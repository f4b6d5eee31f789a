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
  void replicasAreRepeatableAndShareTheDatabaseCredentialsByDefault() {
    WikiServerConfig c = WikiServerConfig.parse(List.of("--db-url", "jdbc:postgresql://p/wiki",
        "--db-user", "wiki", "--db-password", "pw",
        "--replica-url", "jdbc:postgresql://r1,r2/wiki", "--replica-url=jdbc:postgresql://r3/wiki"),
        Map.of());
    assertThat(c.replicaUrls())
        .containsExactly("jdbc:postgresql://r1,r2/wiki", "jdbc:postgresql://r3/wiki");
    assertThat(c.replicaUser()).isEqualTo("wiki");
    assertThat(c.replicaPassword()).isEqualTo("pw");

    WikiServerConfig own = WikiServerConfig.parse(List.of("--db-url", "jdbc:postgresql://p/wiki",
        "--replica-user", "reader", "--replica-password", "rpw"),
        Map.of("WIKI_REPLICA_URL", "jdbc:postgresql://r1/wiki,jdbc:postgresql://r2/wiki"));
    assertThat(own.replicaUrls())
        .containsExactly("jdbc:postgresql://r1/wiki", "jdbc:postgresql://r2/wiki");
    assertThat(own.replicaUser()).isEqualTo("reader");
    assertThat(own.replicaPassword()).isEqualTo("rpw");

    assertThatThrownBy(() -> WikiServerConfig.parse(
        List.of("--replica-url", "jdbc:postgresql://r/wiki"), Map.of()))
        .isInstanceOf(WikiServerConfig.UsageException.class).hasMessageContaining("--db-url");
    assertThatThrownBy(() -> WikiServerConfig.parse(
        List.of("--db-url", "jdbc:postgresql://p/wiki", "--replica-url", "postgres://r"),
        Map.of()))
        .isInstanceOf(WikiServerConfig.UsageException.class)
        .hasMessageContaining("--replica-url");
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
  void everyOptionHasAnEnvironmentVariableNamedAfterIt() {
    WikiServerConfig c = WikiServerConfig.parse(List.of(), Map.of("WIKI_IN_MEMORY", "true",
        "WIKI_NO_CACHE", "true", "WIKI_HOST", "127.0.0.1", "WIKI_DB_URL", "jdbc:h2:mem:x",
        "WIKI_DB_USER", "u", "WIKI_DB_PASSWORD", "p", "WIKI_MEMCACHED", "m:1",
        "WIKI_SIGNING_KEY", java.util.Base64.getEncoder().encodeToString(new byte[32])));
    assertThat(c.inMemory()).isTrue();
    assertThat(c.noCache()).isTrue();
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.dbUrl()).hasValue("jdbc:h2:mem:x");
    assertThat(c.dbUser()).isEqualTo("u");
    assertThat(c.dbPassword()).isEqualTo("p");
    assertThat(c.memcached()).hasValue("m:1");
    assertThat(c.signingKey()).isPresent();
    assertThat(WikiServerConfig.parse(List.of(), Map.of()).signingKey()).isEmpty();
    // the usage lists every option once, and says how the variables are named
    String usage = WikiServerConfig.usage();
    for (String option : List.of("--port", "--host", "--data-dir", "--in-memory", "--db-url",
        "--db-user", "--db-password", "--memcached", "--no-cache", "--smtp", "--admin-email",
        "--base-url", "--signing-key", "--help")) {
      assertThat(usage).contains(option);
    }
    assertThat(usage).contains("WIKI_DATA_DIR").contains("java -Xmx512m -jar wiki-server.jar");
  }

  @Test
  void badValuesNameTheOptionOrTheVariable() {
    assertThatThrownBy(() -> WikiServerConfig.parse(List.of("--signing-key", "c2hvcnQ="),
        Map.of())).isInstanceOf(WikiServerConfig.UsageException.class)
        .hasMessageContaining("--signing-key").hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> WikiServerConfig.parse(List.of(),
        Map.of("WIKI_SMTP", "no-port"))).isInstanceOf(WikiServerConfig.UsageException.class)
        .hasMessageContaining("WIKI_SMTP");
    assertThatThrownBy(() -> WikiServerConfig.parse(List.of("--smtp", "no-port"),
        Map.of())).hasMessageContaining("--smtp").hasMessageNotContaining("WIKI_SMTP");
  }

  @Test
  void badCommandLineExitsWithStatus2AndUsage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = WikiServer.run(List.of("--nope"), Map.of(), new PrintStream(
        new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option: '--nope'")
        .contains("Usage: java -Xmx512m -jar wiki-server.jar");
  }

  @Test
  void helpPrintsUsage() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(WikiServer.run(List.of("--help"), Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--memcached");
  }
}
