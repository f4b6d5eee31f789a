package org.wikicache.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;
import org.wikicache.core.PageName;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.Role;
import org.wikicache.core.User;

/** Column lists and row mappers shared by the JDBC classes. */
final class Rows {
  private Rows() {}

  /** The columns of a {@link RevisionInfo}, for a revisions table aliased {@code r}. */
  static final String INFO_COLUMNS = "r.page AS r_page, r.number AS r_number, r.parent AS r_parent,"
      + " r.author AS r_author, r.created_at AS r_created_at, r.summary AS r_summary,"
      + " r.byte_length AS r_byte_length, r.sha256 AS r_sha256";

  /** The columns of a {@link User}, for a users table aliased {@code u}. */
  static final String USER_COLUMNS = "u.id AS u_id, u.username AS u_username, u.email AS u_email,"
      + " u.display_name AS u_display_name, u.bio AS u_bio, u.roles AS u_roles,"
      + " u.created_at AS u_created_at";

  static RevisionInfo info(ResultSet rs) throws SQLException {
    return new RevisionInfo(
        PageName.of(rs.getString("r_page")),
        rs.getLong("r_number"),
        rs.getLong("r_parent"),
        rs.getString("r_author"),
        Database.instant(rs.getLong("r_created_at")),
        rs.getString("r_summary"),
        rs.getInt("r_byte_length"),
        rs.getString("r_sha256"));
  }

  static User user(ResultSet rs) throws SQLException {
    return new User(
        rs.getLong("u_id"),
        rs.getString("u_username"),
        rs.getString("u_email"),
        rs.getString("u_display_name"),
        rs.getString("u_bio"),
        roles(rs.getString("u_roles")),
        Database.instant(rs.getLong("u_created_at")));
  }

  static Set<Role> roles(String csv) {
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : csv.split(",")) {
      if (!r.isBlank()) {
        roles.add(Role.valueOf(r.trim()));
      }
    }
    return roles;
  }

  static String roles(Set<Role> roles) {
    return String.join(",", roles.stream().map(Role::name).sorted().toList());
  }
}
