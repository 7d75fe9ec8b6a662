package health.custodian.security.policy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of table {@code break_glass} (migration V18). */
@Repository
class BreakGlassStore {

  private static final String COLUMNS =
      "id, user_id, reason, granted, expires, reviewed_by, reviewed_at, review_outcome,"
          + " review_comment";

  private final JdbcClient jdbc;

  BreakGlassStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(BreakGlassGrant grant) {
    jdbc.sql(
            "insert into break_glass (id, user_id, reason, granted, expires)"
                + " values (?, ?, ?, ?, ?)")
        .params(
            grant.id(),
            grant.userId(),
            grant.reason(),
            time(grant.granted()),
            time(grant.expires()))
        .update();
  }

  /** The user's grants that have not expired at {@code now} (including any granted later). */
  List<BreakGlassGrant> unexpired(String userId, Instant now) {
    return jdbc.sql("select " + COLUMNS + " from break_glass where user_id = ? and expires > ?")
        .params(userId, time(now))
        .query(BreakGlassStore::row)
        .list();
  }

  Optional<BreakGlassGrant> find(String id) {
    return jdbc.sql("select " + COLUMNS + " from break_glass where id = ?")
        .param(id)
        .query(BreakGlassStore::row)
        .optional();
  }

  List<BreakGlassGrant> unreviewed() {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from break_glass where reviewed_at is null order by granted, id")
        .query(BreakGlassStore::row)
        .list();
  }

  /** Records the review; false when the grant was reviewed already (by a concurrent reviewer). */
  boolean review(String id, String reviewer, Instant at, String outcome, @Nullable String comment) {
    return jdbc.sql(
                "update break_glass set reviewed_by = ?, reviewed_at = ?, review_outcome = ?,"
                    + " review_comment = ? where id = ? and reviewed_at is null")
            .param(reviewer)
            .param(time(at))
            .param(outcome)
            .param(comment)
            .param(id)
            .update()
        == 1;
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static BreakGlassGrant row(ResultSet rs, int n) throws SQLException {
    return new BreakGlassGrant(
        rs.getString("id"),
        rs.getString("user_id"),
        rs.getString("reason"),
        instant(rs, "granted"),
        instant(rs, "expires"),
        rs.getString("reviewed_by"),
        nullableInstant(rs, "reviewed_at"),
        rs.getString("review_outcome"),
        rs.getString("review_comment"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Instant value = nullableInstant(rs, column);
    if (value == null) {
      throw new SQLException("Column " + column + " is null");
    }
    return value;
  }

  private static @Nullable Instant nullableInstant(ResultSet rs, String column)
      throws SQLException {
    Timestamp ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant();
  }
}
