package org.wikicache.jdbc;

import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.ConnectionException;
import org.jspecify.annotations.Nullable;
import org.wikicache.core.StoreConfigurationException;
import org.wikicache.core.StoreException;
import org.wikicache.core.StoreUnavailableException;

/**
 * Sorts SQL, pool and migration failures into wikicache's exceptions: a configuration error
 * ({@link StoreConfigurationException}: fix the settings), an outage
 * ({@link StoreUnavailableException}: try again later), or any other store failure
 * ({@link StoreException}). Configuration is tested first: drivers report a wrong password or a
 * missing database as a failed connection too (SQLState class 08, or
 * {@code SQLNonTransientConnectionException}), and those must not pass for outages.
 *
 * <p>Messages name the database by its redacted URL and never carry the password: every
 * message is scrubbed of it, whatever the driver put there. Stateless apart from the URL and
 * the password to hide; thread-safe.
 */
final class Failures {
  private final String safeUrl;
  private final @Nullable String password;

  /**
   * @param safeUrl the URL without credentials, as messages show it
   * @param password the password to hide from every message, if any
   */
  Failures(String safeUrl, @Nullable String password) {
    this.safeUrl = safeUrl;
    this.password = password == null || password.isEmpty() ? null : password;
  }

  /** What kind of failure {@code e} is. */
  enum Kind { CONFIGURATION, UNAVAILABLE, OTHER }

  /** {@code e} as one of wikicache's store exceptions, with {@code doing} in its message. */
  StoreException translate(Throwable e, String doing) {
    Kind kind = kind(e);
    String why = scrub(rootMessage(e));
    return switch (kind) {
      case CONFIGURATION -> new StoreConfigurationException(
          doing + " " + safeUrl + " failed: " + configurationHint(e) + why, e);
      case UNAVAILABLE -> new StoreUnavailableException(
          "database " + safeUrl + " is unavailable: " + why, e);
      case OTHER -> new StoreException(doing + " " + safeUrl + " failed: " + why, e);
    };
  }

  /** A configuration error for a reason wiki-jdbc found itself (unsupported product, say). */
  StoreConfigurationException configuration(String problem, @Nullable Throwable cause) {
    return new StoreConfigurationException(
        "database " + safeUrl + " cannot be used: " + scrub(problem), cause);
  }

  /** An outage: a transaction that lost to concurrent ones on every attempt. */
  StoreUnavailableException contended(int attempts, Throwable last) {
    return new StoreUnavailableException("database " + safeUrl + " is too busy: a transaction"
        + " hit a deadlock or serialization failure on each of " + attempts + " attempts; last: "
        + scrub(rootMessage(last)), last);
  }

  static Kind kind(Throwable e) {
    if (isConfiguration(e)) {
      return Kind.CONFIGURATION;
    }
    if (isUnavailable(e)) {
      return Kind.UNAVAILABLE;
    }
    return e instanceof FlywayException ? Kind.CONFIGURATION : Kind.OTHER;
  }

  /**
   * True for failures that changing the settings cures: bad credentials (SQLState class 28),
   * a missing database (PostgreSQL 3D000, MariaDB 1049, H2 90146), missing privileges
   * (PostgreSQL 42501, MariaDB 1044/1142/1227, H2 90096), no driver for the URL, a host name
   * that does not resolve.
   */
  static boolean isConfiguration(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLInvalidAuthorizationSpecException || t instanceof UnknownHostException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        int code = sql.getErrorCode();
        if (state.startsWith("28") || state.equals("3D000") || state.equals("42501")
            || code == 1045 || code == 1049 || code == 1044 || code == 1142 || code == 1227
            || code == 90146 || code == 90096 || noDriver(sql)) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * True if {@code e} says the database could not be reached (down, refused, pool timeout) or
   * ended the connection: SQLState class 08, PostgreSQL's 57P01 to 57P03 (an administrator or a
   * crash ended it, or the server is starting), MariaDB's 1927 (connection killed) and H2's 90098
   * and 90121 (database closed, or closing).
   */
  static boolean isUnavailable(Throwable e) {
    if (e instanceof ConnectionException) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof java.net.ConnectException) {
        return true;
      }
      if (t instanceof SQLException sql && endedConnection(sql)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static boolean endedConnection(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    int code = e.getErrorCode();
    return state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
        || state.equals("57P03") || code == 1927 || code == 90098 || code == 90121;
  }

  /** {@code DriverManager}'s "No suitable driver" (SQLState 08001, but no outage). */
  private static boolean noDriver(SQLException e) {
    String message = e.getMessage();
    return message != null && message.toLowerCase(Locale.ROOT).contains("no suitable driver");
  }

  private static String configurationHint(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && noDriver(sql)) {
        return "no JDBC driver on the class path accepts this URL (add the driver, such as"
            + " org.postgresql:postgresql or org.mariadb.jdbc:mariadb-java-client, or fix the"
            + " URL): ";
      }
      if (t instanceof UnknownHostException) {
        return "unknown host: ";
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return e instanceof FlywayException || e.getCause() instanceof FlywayException
        ? "the schema migration failed: " : "";
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  /** {@code message} without the password (and with any URL in it redacted). */
  String scrub(String message) {
    String s = Database.redact(message);
    return password == null ? s : s.replace(password, "***");
  }
}
