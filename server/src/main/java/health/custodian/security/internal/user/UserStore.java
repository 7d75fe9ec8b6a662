package health.custodian.security.internal.user;

import health.custodian.access.Role;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code app_user}. */
@Repository
public class UserStore {

  private static final String COLUMNS =
      "name, password_hash, roles, patient_id, actor_reference, clearances, disabled,"
          + " failed_attempts, locked_until, totp_secret";

  private final JdbcClient jdbc;

  UserStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<UserAccount> find(String name) {
    return jdbc.sql("select " + COLUMNS + " from app_user where name = ?")
        .param(name)
        .query(UserStore::map)
        .optional();
  }

  public List<UserAccount> all() {
    return jdbc.sql("select " + COLUMNS + " from app_user order by name")
        .query(UserStore::map)
        .list();
  }

  /** Inserts a user; false when the name is taken. */
  public boolean insert(UserAccount user) {
    return jdbc.sql(
                "insert into app_user (name, password_hash, roles, patient_id, actor_reference,"
                    + " clearances) values (?, ?, ?::text[], ?, ?, ?::text[])"
                    + " on conflict (name) do nothing")
            .params(
                Arrays.<@Nullable Object>asList(
                    user.name(),
                    user.passwordHash(),
                    arrayLiteral(user.roles().stream().map(Role::code).sorted().toList()),
                    user.patientId(),
                    user.actorReference(),
                    arrayLiteral(user.clearances().stream().sorted().toList())))
            .update()
        == 1;
  }

  public boolean disable(String name) {
    return jdbc.sql("update app_user set disabled = true where name = ?").param(name).update() == 1;
  }

  /** Counts a failed sign-in; locks the account when it reaches {@code max} in a row. */
  public void recordFailure(String name, int max, Instant lockUntil) {
    jdbc.sql(
            "update app_user set failed_attempts = failed_attempts + 1,"
                + " locked_until = case when failed_attempts + 1 >= ? then ? else locked_until end"
                + " where name = ?")
        .params(max, Timestamp.from(lockUntil), name)
        .update();
  }

  /** A lock that has run out starts a fresh count. */
  public void clearExpiredLock(String name, Instant now) {
    jdbc.sql(
            "update app_user set failed_attempts = 0, locked_until = null"
                + " where name = ? and locked_until <= ?")
        .params(name, Timestamp.from(now))
        .update();
  }

  public void recordSuccess(String name, Instant now) {
    jdbc.sql(
            "update app_user set failed_attempts = 0, locked_until = null, last_login = ?"
                + " where name = ?")
        .params(Timestamp.from(now), name)
        .update();
  }

  /** Forgets the user's TOTP secret (they enrol again at next sign-in); false for no such user. */
  public boolean clearTotpSecret(String name) {
    return jdbc.sql("update app_user set totp_secret = null where name = ?").param(name).update()
        == 1;
  }

  public void setTotpSecret(String name, String secret) {
    jdbc.sql("update app_user set totp_secret = ? where name = ?").params(secret, name).update();
  }

  private static String arrayLiteral(List<String> values) {
    // Values are role codes and label codes (letters, digits, hyphens), quoted regardless.
    return values.stream()
        .map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static UserAccount map(ResultSet rs, int row) throws SQLException {
    Timestamp locked = rs.getTimestamp("locked_until");
    return new UserAccount(
        rs.getString("name"),
        rs.getString("password_hash"),
        strings(rs.getArray("roles")).stream().map(Role::fromCode).collect(Collectors.toSet()),
        rs.getString("patient_id"),
        rs.getString("actor_reference"),
        strings(rs.getArray("clearances")),
        rs.getBoolean("disabled"),
        rs.getInt("failed_attempts"),
        locked == null ? null : locked.toInstant(),
        rs.getString("totp_secret"));
  }

  private static Set<String> strings(@Nullable Array array) throws SQLException {
    if (array == null) {
      return Set.of();
    }
    return Set.copyOf(Arrays.asList((String[]) array.getArray()));
  }
}
