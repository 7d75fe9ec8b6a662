package health.custodian.records.internal.bulk;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL over {@code bulk_job}; each call is its own short transaction (autocommit). */
@Repository
class BulkJobStore {

  private static final String COLUMNS =
      "id, kind, state, request_url, parameters, transaction_time, progress, error, manifest,"
          + " created_at, finished_at";

  private final JdbcTemplate jdbc;

  BulkJobStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void insert(
      String id,
      BulkJob.Kind kind,
      String requestUrl,
      String parameters,
      @Nullable String caller,
      Instant now) {
    jdbc.update(
        "insert into bulk_job (id, kind, state, request_url, parameters, caller, created_at,"
            + " updated_at) values (?, ?, 'queued', ?, ?, ?, ?, ?)",
        id,
        kind.name().toLowerCase(Locale.ROOT),
        requestUrl,
        parameters,
        caller,
        Timestamp.from(now),
        Timestamp.from(now));
  }

  Optional<BulkJob> find(String id) {
    return jdbc
        .query("select " + COLUMNS + " from bulk_job where id = ?", BulkJobStore::map, id)
        .stream()
        .findFirst();
  }

  /** Moves a queued job to in-progress; false when it is no longer queued (e.g. cancelled). */
  boolean start(String id, Instant now) {
    return jdbc.update(
            "update bulk_job set state = 'in-progress', updated_at = ?, progress = 'started'"
                + " where id = ? and state = 'queued'",
            Timestamp.from(now),
            id)
        == 1;
  }

  void progress(String id, String progress) {
    jdbc.update(
        "update bulk_job set progress = ?, updated_at = now() where id = ? and state ="
            + " 'in-progress'",
        progress,
        id);
  }

  void transactionTime(String id, Instant time) {
    jdbc.update("update bulk_job set transaction_time = ? where id = ?", Timestamp.from(time), id);
  }

  /** Completes an in-progress job; false when it was cancelled meanwhile. */
  boolean complete(String id, String manifest) {
    return jdbc.update(
            "update bulk_job set state = 'completed', manifest = ?, progress = 'completed',"
                + " updated_at = now(), finished_at = now() where id = ? and state ="
                + " 'in-progress'",
            manifest,
            id)
        == 1;
  }

  void fail(String id, String error) {
    jdbc.update(
        "update bulk_job set state = 'failed', error = ?, updated_at = now(), finished_at = now()"
            + " where id = ? and state in ('queued', 'in-progress')",
        error,
        id);
  }

  /** Marks a job cancelled (IG "Bulk Data Delete Request"); false when unknown or gone. */
  boolean cancel(String id) {
    return jdbc.update(
            "update bulk_job set state = 'cancelled', updated_at = now(), finished_at = now()"
                + " where id = ? and state <> 'cancelled'",
            id)
        == 1;
  }

  boolean isActive(String id) {
    List<String> states =
        jdbc.queryForList("select state from bulk_job where id = ?", String.class, id);
    return !states.isEmpty()
        && (states.get(0).equals("queued") || states.get(0).equals("in-progress"));
  }

  /** Jobs left queued or in progress, e.g. by a stop in the middle; oldest first. */
  List<BulkJob> unfinished() {
    return jdbc.query(
        "select "
            + COLUMNS
            + " from bulk_job where state in ('queued', 'in-progress')"
            + " order by created_at",
        BulkJobStore::map);
  }

  /** Puts an interrupted job back in the queue, from scratch. */
  void requeue(String id) {
    jdbc.update(
        "update bulk_job set state = 'queued', progress = 'restarted', transaction_time = null,"
            + " updated_at = now() where id = ?",
        id);
  }

  /** Ids of jobs finished before {@code cutoff}. */
  List<String> finishedBefore(Instant cutoff) {
    return jdbc.queryForList(
        "select id from bulk_job where finished_at < ?", String.class, Timestamp.from(cutoff));
  }

  void delete(String id) {
    jdbc.update("delete from bulk_job where id = ?", id);
  }

  /** The kick-off caller's JSON (issue #5); empty for jobs from before access control. */
  Optional<String> caller(String id) {
    return jdbc.queryForList("select caller from bulk_job where id = ?", String.class, id).stream()
        .filter(java.util.Objects::nonNull)
        .findFirst();
  }

  private static BulkJob map(ResultSet rs, int row) throws SQLException {
    return new BulkJob(
        rs.getString(1),
        BulkJob.Kind.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
        BulkJob.State.of(rs.getString(3)),
        rs.getString(4),
        rs.getString(5),
        instant(rs.getTimestamp(6)),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getTimestamp(10).toInstant(),
        instant(rs.getTimestamp(11)));
  }

  private static @Nullable Instant instant(@Nullable Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
