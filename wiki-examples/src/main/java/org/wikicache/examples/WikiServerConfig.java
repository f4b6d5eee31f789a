package org.wikicache.examples;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.PasswordHasher;

/**
 * How the example wiki server is started: port, storage, cache, mail and public URL. Built from
 * command-line flags and {@code WIKI_*} environment variables ({@link #parse}), or in code with
 * {@link #newBuilder()}. Immutable and thread-safe.
 *
 * <p>Flags (each may also be written {@code --flag=value}; flags win over environment variables):
 *
 * <pre>
 * --port N                 WIKI_PORT          port to listen on (default 8080; 0 picks a free one)
 * --host ADDR              WIKI_HOST          address to bind (default 0.0.0.0)
 * --data-dir DIR           WIKI_DATA_DIR      embedded H2 database directory (default ./data)
 * --in-memory              WIKI_IN_MEMORY     keep everything in memory (nothing is saved)
 * --db-url URL             WIKI_DB_URL        JDBC URL of PostgreSQL/MariaDB instead of H2
 * --db-user USER           WIKI_DB_USER
 * --db-password PW         WIKI_DB_PASSWORD
 * --memcached H:P[,H:P..]  WIKI_MEMCACHED     memcached servers (default: in-process cache)
 * --no-cache               WIKI_NO_CACHE      no cache at all: every read goes to the store
 * --smtp H:P               WIKI_SMTP          mail admins through this SMTP server (default: log)
 * --admin-email ADDR       WIKI_ADMIN_EMAIL   also mail this address (besides admin users)
 * --base-url URL           WIKI_BASE_URL      public URL (https makes cookies Secure)
 * </pre>
 *
 * <pre>{@code
 * WikiServerConfig config = WikiServerConfig.newBuilder().port(0).inMemory(true).build();
 * }</pre>
 */
public final class WikiServerConfig {
  /** The usage text printed for {@code --help} and bad flags. */
  public static final String USAGE = """
      usage: java -jar wiki-server.jar [options]
        --port N                 port to listen on (default 8080)             WIKI_PORT
        --host ADDR              address to bind (default 0.0.0.0)            WIKI_HOST
        --data-dir DIR           H2 database directory (default ./data)       WIKI_DATA_DIR
        --in-memory              keep everything in memory, save nothing      WIKI_IN_MEMORY
        --db-url URL             JDBC URL (PostgreSQL/MariaDB) instead of H2  WIKI_DB_URL
        --db-user USER           database user                                WIKI_DB_USER
        --db-password PW         database password                            WIKI_DB_PASSWORD
        --memcached H:P[,H:P]    memcached servers (default: in-process)      WIKI_MEMCACHED
        --no-cache               no cache: every read goes to the store       WIKI_NO_CACHE
        --smtp H:P               SMTP server for mail to admins (default: log) WIKI_SMTP
        --admin-email ADDR       also mail this address (with --smtp)         WIKI_ADMIN_EMAIL
        --base-url URL           public URL, e.g. https://wiki.example.org    WIKI_BASE_URL
        --help                   print this and exit
      """;

  /** A bad command line or environment: the message says what, {@link #USAGE} says how. */
  public static final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong */
    public UsageException(String message) {
      super(message);
    }
  }

  private final int port;
  private final String host;
  private final Path dataDir;
  private final boolean inMemory;
  private final boolean noCache;
  private final @Nullable String dbUrl;
  private final String dbUser;
  private final String dbPassword;
  private final @Nullable String memcached;
  private final @Nullable String smtp;
  private final @Nullable String adminEmail;
  private final @Nullable URI baseUrl;
  private final PasswordHasher passwordHasher;
  private final boolean help;

  private WikiServerConfig(Builder b) {
    this.port = b.port;
    this.host = b.host;
    this.dataDir = b.dataDir;
    this.inMemory = b.inMemory;
    this.noCache = b.noCache;
    this.dbUrl = b.dbUrl;
    this.dbUser = b.dbUser;
    this.dbPassword = b.dbPassword;
    this.memcached = b.memcached;
    this.smtp = b.smtp;
    this.adminEmail = b.adminEmail;
    this.baseUrl = b.baseUrl;
    this.passwordHasher = b.passwordHasher;
    this.help = b.help;
  }

  /** A builder with the embedded defaults. */
  public static Builder newBuilder() {
    return new Builder();
  }

  /**
   * The configuration from command-line flags over {@code WIKI_*} environment variables.
   *
   * @throws UsageException for an unknown flag, a missing or bad value
   */
  public static WikiServerConfig parse(List<String> args, Map<String, String> env) {
    Builder b = new Builder();
    try {
      for (var e : List.of("PORT", "HOST", "DATA_DIR", "IN_MEMORY", "DB_URL", "DB_USER",
          "DB_PASSWORD", "MEMCACHED", "NO_CACHE", "SMTP", "ADMIN_EMAIL", "BASE_URL")) {
        String value = env.get("WIKI_" + e);
        if (value != null && !value.isEmpty()) {
          b.set("--" + e.toLowerCase(java.util.Locale.ROOT).replace('_', '-'), value,
              "environment variable WIKI_" + e);
        }
      }
      List<String> queue = new ArrayList<>(args);
      for (int i = 0; i < queue.size(); i++) {
        String arg = queue.get(i);
        String flag = arg;
        String value = null;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
          flag = arg.substring(0, eq);
          value = arg.substring(eq + 1);
        }
        if (flag.equals("--help") || flag.equals("-h")) {
          b.help = true;
          continue;
        }
        if (flag.equals("--in-memory") && value == null) {
          b.inMemory = true;
          continue;
        }
        if (flag.equals("--no-cache") && value == null) {
          b.noCache = true;
          continue;
        }
        if (!Builder.FLAGS.contains(flag)) {
          throw new UsageException("unknown option: " + arg);
        }
        if (value == null) {
          if (i + 1 >= queue.size()) {
            throw new UsageException("option " + flag + " needs a value");
          }
          value = queue.get(++i);
        }
        b.set(flag, value, "option " + flag);
      }
    } catch (UsageException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return b.build();
  }

  /** The port to listen on; 0 picks a free one. */
  public int port() {
    return port;
  }

  /** The address to bind. */
  public String host() {
    return host;
  }

  /** Where the embedded H2 database lives. */
  public Path dataDir() {
    return dataDir;
  }

  /** True to keep everything in memory. */
  public boolean inMemory() {
    return inMemory;
  }

  /** True to run without any cache. */
  public boolean noCache() {
    return noCache;
  }

  /** The JDBC URL of an external database, if one was given. */
  public Optional<String> dbUrl() {
    return Optional.ofNullable(dbUrl);
  }

  /** The database user (empty if none). */
  public String dbUser() {
    return dbUser;
  }

  /** The database password (empty if none). */
  public String dbPassword() {
    return dbPassword;
  }

  /** The memcached servers, {@code host:port[,host:port...]}, if given. */
  public Optional<String> memcached() {
    return Optional.ofNullable(memcached);
  }

  /** The SMTP server, {@code host:port}, if given. */
  public Optional<String> smtp() {
    return Optional.ofNullable(smtp);
  }

  /** An address to mail besides the admin users, if given. */
  public Optional<String> adminEmail() {
    return Optional.ofNullable(adminEmail);
  }

  /** The public base URL, if given. */
  public Optional<URI> baseUrl() {
    return Optional.ofNullable(baseUrl);
  }

  /** True if the public URL is https, so cookies must be {@code Secure}. */
  public boolean secure() {
    return baseUrl != null && "https".equalsIgnoreCase(baseUrl.getScheme());
  }

  /** The password hasher of the user store. */
  public PasswordHasher passwordHasher() {
    return passwordHasher;
  }

  /** True if {@code --help} was asked for. */
  public boolean help() {
    return help;
  }

  /** Builds a {@link WikiServerConfig}; each setter validates its argument. Not thread-safe. */
  public static final class Builder {
    private static final List<String> FLAGS = List.of("--port", "--host", "--data-dir",
        "--in-memory", "--no-cache", "--db-url", "--db-user", "--db-password", "--memcached",
        "--smtp", "--admin-email", "--base-url");

    private int port = 8080;
    private String host = "0.0.0.0";
    private Path dataDir = Path.of("data");
    private boolean inMemory;
    private boolean noCache;
    private @Nullable String dbUrl;
    private String dbUser = "";
    private String dbPassword = "";
    private @Nullable String memcached;
    private @Nullable String smtp;
    private @Nullable String adminEmail;
    private @Nullable URI baseUrl;
    private PasswordHasher passwordHasher = PasswordHasher.DEFAULT;
    private boolean help;

    private Builder() {}

    private void set(String flag, String value, String where) {
      try {
        switch (flag) {
          case "--port" -> port(Integer.parseInt(value));
          case "--host" -> host(value);
          case "--data-dir" -> dataDir(Path.of(value));
          case "--in-memory" -> inMemory(Boolean.parseBoolean(value) || value.equals("1"));
          case "--no-cache" -> noCache(Boolean.parseBoolean(value) || value.equals("1"));
          case "--db-url" -> dbUrl(value);
          case "--db-user" -> dbUser(value);
          case "--db-password" -> dbPassword(value);
          case "--memcached" -> memcached(value);
          case "--smtp" -> smtp(value);
          case "--admin-email" -> adminEmail(value);
          case "--base-url" -> baseUrl(URI.create(value));
          default -> throw new UsageException("unknown option: " + flag);
        }
      } catch (IllegalArgumentException e) {
        throw new UsageException("bad value for " + where + ": " + e.getMessage());
      }
    }

    /** The port, 0–65535 (0 picks a free one). */
    public Builder port(int port) {
      checkArgument(port >= 0 && port <= 65535, "port must be 0-65535, was %s", port);
      this.port = port;
      return this;
    }

    /** The address to bind. */
    public Builder host(String host) {
      checkArgument(!host.isBlank(), "host must not be blank");
      this.host = host;
      return this;
    }

    /** The H2 database directory. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = requireNonNull(dataDir, "dataDir");
      return this;
    }

    /** Keep everything in memory. */
    public Builder inMemory(boolean inMemory) {
      this.inMemory = inMemory;
      return this;
    }

    /** Run without any cache. */
    public Builder noCache(boolean noCache) {
      this.noCache = noCache;
      return this;
    }

    /** An external database's JDBC URL. */
    public Builder dbUrl(String dbUrl) {
      checkArgument(dbUrl.startsWith("jdbc:"), "a JDBC URL starts with jdbc:");
      this.dbUrl = dbUrl;
      return this;
    }

    /** The database user. */
    public Builder dbUser(String dbUser) {
      this.dbUser = requireNonNull(dbUser, "dbUser");
      return this;
    }

    /** The database password. */
    public Builder dbPassword(String dbPassword) {
      this.dbPassword = requireNonNull(dbPassword, "dbPassword");
      return this;
    }

    /** Memcached servers, {@code host:port[,host:port...]}. */
    public Builder memcached(String servers) {
      for (String server : servers.split(",", -1)) {
        checkHostPort(server.trim());
      }
      this.memcached = servers;
      return this;
    }

    /** The SMTP server, {@code host:port}. */
    public Builder smtp(String smtp) {
      checkHostPort(smtp);
      this.smtp = smtp;
      return this;
    }

    /** An address to mail besides the admin users. */
    public Builder adminEmail(String adminEmail) {
      checkArgument(adminEmail.matches("[^@\\s]+@[^@\\s]+"), "not an email address: %s",
          adminEmail);
      this.adminEmail = adminEmail;
      return this;
    }

    /** The public base URL, http or https. */
    public Builder baseUrl(URI baseUrl) {
      checkArgument(("http".equalsIgnoreCase(baseUrl.getScheme())
          || "https".equalsIgnoreCase(baseUrl.getScheme())) && baseUrl.getHost() != null,
          "base URL must be an absolute http(s) URL, was %s", baseUrl);
      this.baseUrl = baseUrl;
      return this;
    }

    /** The password hasher of the user store (tests use a cheaper one). */
    public Builder passwordHasher(PasswordHasher passwordHasher) {
      this.passwordHasher = requireNonNull(passwordHasher, "passwordHasher");
      return this;
    }

    /** The configuration. */
    public WikiServerConfig build() {
      return new WikiServerConfig(this);
    }

    private static void checkHostPort(String hostPort) {
      int colon = hostPort.lastIndexOf(':');
      checkArgument(colon > 0 && colon < hostPort.length() - 1,
          "expected host:port, was '%s'", hostPort);
      int p;
      try {
        p = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad port in '" + hostPort + "'");
      }
      checkArgument(p >= 1 && p <= 65535, "bad port in '%s'", hostPort);
    }
  }
}
