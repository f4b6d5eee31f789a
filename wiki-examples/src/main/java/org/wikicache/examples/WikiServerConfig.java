package org.wikicache.examples;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.PasswordHasher;
import org.wikicache.examples.web.SigningKey;

/**
 * How the example wiki server is started: port, storage, cache, mail, public URL and the key that
 * signs its forms. Built from the command line and {@code WIKI_*} environment variables
 * ({@link #parse}; the options are declared once, in {@code ServerOptions}, and {@link #usage()}
 * lists them), or in code with {@link #newBuilder()}. Immutable and thread-safe.
 *
 * <pre>{@code
 * WikiServerConfig config = WikiServerConfig.newBuilder().port(0).inMemory(true).build();
 * WikiServerConfig fromCli = WikiServerConfig.parse(List.of(args), System.getenv());
 * }</pre>
 */
public final class WikiServerConfig {
  /** A bad command line or environment: the message says what, {@link #usage()} says how. */
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
  private final List<String> replicaUrls;
  private final @Nullable String replicaUser;
  private final @Nullable String replicaPassword;
  private final @Nullable String memcached;
  private final @Nullable String smtp;
  private final @Nullable String adminEmail;
  private final @Nullable URI baseUrl;
  private final PasswordHasher passwordHasher;
  private final @Nullable SigningKey signingKey;
  private final List<String> trustedProxies;
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
    this.replicaUrls = List.copyOf(b.replicaUrls);
    this.replicaUser = b.replicaUser;
    this.replicaPassword = b.replicaPassword;
    this.memcached = b.memcached;
    this.smtp = b.smtp;
    this.adminEmail = b.adminEmail;
    this.baseUrl = b.baseUrl;
    this.passwordHasher = b.passwordHasher;
    this.signingKey = b.signingKey;
    this.trustedProxies = List.copyOf(b.trustedProxies);
    this.help = b.help;
  }

  /** A builder with the embedded defaults. */
  public static Builder newBuilder() {
    return new Builder();
  }

  /**
   * The configuration from command-line options over {@code WIKI_*} environment variables.
   *
   * @throws UsageException for an unknown option, a missing or bad value
   */
  public static WikiServerConfig parse(List<String> args, Map<String, String> env) {
    return ServerOptions.parse(args, env);
  }

  /** The usage text printed for {@code --help} and bad options. */
  public static String usage() {
    return ServerOptions.usage();
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

  /** The JDBC URLs of the read replicas of {@link #dbUrl()}; empty if none. */
  public List<String> replicaUrls() {
    return replicaUrls;
  }

  /** The replicas' user: the one given, else {@link #dbUser()}. */
  public String replicaUser() {
    return replicaUser != null ? replicaUser : dbUser;
  }

  /** The replicas' password: the one given, else {@link #dbPassword()}. */
  public String replicaPassword() {
    return replicaPassword != null ? replicaPassword : dbPassword;
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

  /** The key that signs CSRF cookies, if one was given (else the server makes a random one). */
  public Optional<SigningKey> signingKey() {
    return Optional.ofNullable(signingKey);
  }

  /**
   * The addresses of the proxies (load balancers) whose {@code X-Forwarded-For} is believed;
   * empty by default (the connection's peer is the client).
   */
  public List<String> trustedProxies() {
    return trustedProxies;
  }

  /** True if {@code --help} was asked for. */
  public boolean help() {
    return help;
  }

  /** Builds a {@link WikiServerConfig}; each setter validates its argument. Not thread-safe. */
  public static final class Builder {
    private int port = 8080;
    private String host = "0.0.0.0";
    private Path dataDir = Path.of("data");
    private boolean inMemory;
    private boolean noCache;
    private @Nullable String dbUrl;
    private String dbUser = "";
    private String dbPassword = "";
    private final List<String> replicaUrls = new java.util.ArrayList<>();
    private @Nullable String replicaUser;
    private @Nullable String replicaPassword;
    private @Nullable String memcached;
    private @Nullable String smtp;
    private @Nullable String adminEmail;
    private @Nullable URI baseUrl;
    private PasswordHasher passwordHasher = PasswordHasher.DEFAULT;
    private @Nullable SigningKey signingKey;
    private final List<String> trustedProxies = new java.util.ArrayList<>();
    private boolean help;

    private Builder() {}

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

    /**
     * Read replicas of the external database (at most 16 in all; each a JDBC URL). Adds to those
     * given before; {@link #build()} refuses replicas without {@link #dbUrl}.
     */
    public Builder replicaUrls(List<String> urls) {
      for (String url : urls) {
        checkArgument(url.startsWith("jdbc:"), "a JDBC URL starts with jdbc:");
        if (!replicaUrls.contains(url)) {
          replicaUrls.add(url);
        }
      }
      checkArgument(replicaUrls.size() <= 16, "at most 16 replicas");
      return this;
    }

    /** The replicas' user (default: the database user). */
    public Builder replicaUser(String user) {
      this.replicaUser = requireNonNull(user, "replicaUser");
      return this;
    }

    /** The replicas' password (default: the database password). */
    public Builder replicaPassword(String password) {
      this.replicaPassword = requireNonNull(password, "replicaPassword");
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

    /** The key that signs CSRF cookies; all servers behind one load balancer need the same. */
    public Builder signingKey(SigningKey signingKey) {
      this.signingKey = requireNonNull(signingKey, "signingKey");
      return this;
    }

    /**
     * Adds trusted proxies: IP addresses (at most 100 in all) whose {@code X-Forwarded-For}
     * header names the client, for the login throttle.
     *
     * @throws IllegalArgumentException if one is not an IP address
     */
    public Builder trustedProxies(List<String> addresses) {
      for (String a : addresses) {
        checkArgument(ClientAddress.normalize(a) != null, "not an IP address: %s", a);
      }
      checkArgument(trustedProxies.size() + addresses.size() <= 100,
          "at most 100 trusted proxies");
      trustedProxies.addAll(addresses);
      return this;
    }

    /** Whether only the usage is to be printed. */
    public Builder help(boolean help) {
      this.help = help;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException if replicas are given without an external database, or
     *     with an in-memory one
     */
    public WikiServerConfig build() {
      checkArgument(replicaUrls.isEmpty() || (dbUrl != null && !inMemory),
          "--replica-url needs --db-url (replicas of an external database)");
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
