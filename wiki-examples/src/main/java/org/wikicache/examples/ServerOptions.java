package org.wikicache.examples;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.wikicache.examples.web.SigningKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The server's command line, declared once (picocli): each option's name, default and help text
 * are in its annotation, and each can also be given as an environment variable named after it
 * ({@code --data-dir} is {@code WIKI_DATA_DIR}), which the command line overrides.
 *
 * <p>Each option is an annotated setter that passes its value (or its default, or the
 * environment's value) straight to {@link WikiServerConfig.Builder}, which validates it.
 *
 * <p>Not thread-safe; one instance parses one command line.
 */
@Command(name = "wiki-server", usageHelpWidth = 100,
    customSynopsis = "java -Xmx512m -jar wiki-server.jar [OPTIONS]",
    description = "The wikicache example wiki server.",
    footer = {"",
        "Every option can also be set by an environment variable named after it: --data-dir is "
            + "WIKI_DATA_DIR, --in-memory is WIKI_IN_MEMORY=true, and so on. The command line wins."})
final class ServerOptions {
  static final String ENV_PREFIX = "WIKI_";

  private final WikiServerConfig.Builder builder = WikiServerConfig.newBuilder();
  @Spec private CommandSpec spec;

  private ServerOptions() {}

  @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
      description = "port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE})")
  void port(int port) {
    set("--port", () -> builder.port(port));
  }

  @Option(names = "--host", paramLabel = "ADDR", defaultValue = "0.0.0.0",
      description = "address to bind (default: ${DEFAULT-VALUE})")
  void host(String host) {
    set("--host", () -> builder.host(host));
  }

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
      description = "directory of the embedded H2 database (default: ./${DEFAULT-VALUE})")
  void dataDir(Path dataDir) {
    set("--data-dir", () -> builder.dataDir(dataDir));
  }

  @Option(names = "--in-memory", description = "keep everything in memory: nothing is saved")
  void inMemory(boolean inMemory) {
    builder.inMemory(inMemory);
  }

  @Option(names = "--db-url", paramLabel = "URL",
      description = "JDBC URL of PostgreSQL or MariaDB, instead of H2")
  void dbUrl(String url) {
    set("--db-url", () -> builder.dbUrl(url));
  }

  @Option(names = "--db-user", paramLabel = "USER", description = "database user")
  void dbUser(String user) {
    builder.dbUser(user);
  }

  @Option(names = "--db-password", paramLabel = "PW", description = "database password")
  void dbPassword(String password) {
    builder.dbPassword(password);
  }

  @Option(names = "--replica-url", paramLabel = "URL", split = ",(?=jdbc:)",
      description = "JDBC URL of a read replica of --db-url (PostgreSQL streaming replica); "
          + "repeat it, or separate URLs by commas, for several. Reads that may be slightly old "
          + "go to the replicas; cached values and a user's own writes stay exact")
  void replicaUrls(List<String> urls) {
    set("--replica-url", () -> builder.replicaUrls(urls));
  }

  @Option(names = "--replica-user", paramLabel = "USER",
      description = "user of the replicas (default: --db-user)")
  void replicaUser(String user) {
    builder.replicaUser(user);
  }

  @Option(names = "--replica-password", paramLabel = "PW",
      description = "password of the replicas (default: --db-password)")
  void replicaPassword(String password) {
    builder.replicaPassword(password);
  }

  @Option(names = "--memcached", paramLabel = "H:P[,H:P...]",
      description = "memcached servers (default: an in-process cache)")
  void memcached(String servers) {
    set("--memcached", () -> builder.memcached(servers));
  }

  @Option(names = "--no-cache", description = "no cache at all: every read goes to the store")
  void noCache(boolean noCache) {
    builder.noCache(noCache);
  }

  @Option(names = "--smtp", paramLabel = "H:P",
      description = "SMTP server for mail to admins (default: mail goes to the log)")
  void smtp(String smtp) {
    set("--smtp", () -> builder.smtp(smtp));
  }

  @Option(names = "--admin-email", paramLabel = "ADDR",
      description = "also mail this address (with --smtp)")
  void adminEmail(String address) {
    set("--admin-email", () -> builder.adminEmail(address));
  }

  @Option(names = "--base-url", paramLabel = "URL",
      description = "public URL, e.g. https://wiki.example.org (https makes cookies Secure)")
  void baseUrl(String url) {
    set("--base-url", () -> builder.baseUrl(URI.create(url)));
  }

  @Option(names = "--signing-key", paramLabel = "BASE64",
      description = "key (32+ bytes, base64) that signs the login forms' CSRF cookies (default: "
          + "the database's, made on first start and shared by every server; in memory, random)")
  void signingKey(String base64) {
    set("--signing-key", () -> builder.signingKey(SigningKey.fromBase64(base64)));
  }

  @Option(names = "--trusted-proxy", paramLabel = "ADDR", split = ",",
      description = "IP address of a load balancer whose X-Forwarded-For names the client (for "
          + "the login throttle); repeat it, or give a comma-separated list (default: none)")
  void trustedProxy(List<String> addresses) {
    set("--trusted-proxy", () -> builder.trustedProxies(addresses));
  }

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this and exit")
  void help(boolean help) {
    builder.help(help);
  }

  /** Runs a builder call; a value it refuses is a usage error that names the option. */
  private void set(String option, Runnable call) {
    try {
      call.run();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "bad value for " + option + ": "
          + e.getMessage(), spec.findOption(option), null);
    }
  }

  /** The usage text (with no values from the environment). */
  static String usage() {
    return new CommandLine(new ServerOptions()).getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  /**
   * Parses {@code args} over the {@code WIKI_*} variables of {@code env}.
   *
   * @throws WikiServerConfig.UsageException for an unknown option, a missing or bad value
   */
  static WikiServerConfig parse(List<String> args, Map<String, String> env) {
    ServerOptions options = new ServerOptions();
    CommandLine cli = new CommandLine(options)
        .setDefaultValueProvider(arg -> fromEnvironment(arg, env));
    try {
      cli.parseArgs(args.toArray(String[]::new));
    } catch (ParameterException e) {
      String where = e.getArgSpec() instanceof OptionSpec o && !given(args, o)
          ? " (from environment variable " + envName(o) + ")" : "";
      throw new WikiServerConfig.UsageException(e.getMessage() + where);
    }
    try {
      return options.builder.build();
    } catch (IllegalArgumentException e) {
      throw new WikiServerConfig.UsageException(e.getMessage());
    }
  }

  /** True if {@code option} is on the command line (else its value came from a default). */
  private static boolean given(List<String> args, OptionSpec option) {
    for (String arg : args) {
      for (String name : option.names()) {
        if (arg.equals(name) || arg.startsWith(name + "=")) {
          return true;
        }
      }
    }
    return false;
  }

  private static @Nullable String fromEnvironment(ArgSpec arg, Map<String, String> env) {
    if (!(arg instanceof OptionSpec option) || option.usageHelp()) {
      return null;
    }
    String value = env.get(envName(option));
    return value == null || value.isEmpty() ? null : value;
  }

  /** {@code WIKI_DATA_DIR} for {@code --data-dir}. */
  static String envName(OptionSpec option) {
    return ENV_PREFIX + option.longestName().substring(2).toUpperCase(Locale.ROOT)
        .replace('-', '_');
  }
}
