package health.custodian.records.internal.storage;

import health.custodian.records.internal.search.SqlCondition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** Plain SQL for history (R4 3.1.0.10) over {@code resource_version}, paged by its sequence. */
@Repository
class HistoryRepository {

  private final JdbcTemplate jdbc;

  HistoryRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A page of history, newest first (R4 3.1.0.10 "history"), keyset-paged on (last_updated, seq).
   */
  List<HistoryRow> history(HistoryQuery q) {
    StringBuilder sql =
        new StringBuilder(
            "select v.res_pk, v.res_type, v.res_id, v.version, v.last_updated, v.method, v.body,"
                + " v.seq from resource_version v where ");
    List<Object> args = new ArrayList<>();
    appendHistoryFilters(sql, args, q);
    if (q.before() != null) {
      sql.append(" and (v.last_updated, v.seq) < (?, ?)");
      args.add(Timestamp.from(q.before().lastUpdated()));
      args.add(q.before().seq());
    }
    sql.append(" order by v.last_updated desc, v.seq desc limit ?");
    args.add(q.limit());
    return jdbc.query(sql.toString(), HistoryRow.MAPPER, args.toArray());
  }

  long countHistory(HistoryQuery q) {
    StringBuilder sql = new StringBuilder("select count(*) from resource_version v where ");
    List<Object> args = new ArrayList<>();
    appendHistoryFilters(sql, args, q);
    Long n = jdbc.queryForObject(sql.toString(), Long.class, args.toArray());
    return n == null ? 0 : n;
  }

  /** The filters shared by a history page and its total: snapshot, scope, _since and _at. */
  private static void appendHistoryFilters(StringBuilder sql, List<Object> args, HistoryQuery q) {
    sql.append("v.seq <= ?");
    args.add(q.maxSeq());
    if (q.resourceType() != null) {
      sql.append(" and v.res_type = ?");
      args.add(q.resourceType());
    }
    if (q.pk() != null) {
      sql.append(" and v.res_pk = ?");
      args.add(q.pk());
    }
    if (q.since() != null) {
      sql.append(" and v.last_updated >= ?");
      args.add(Timestamp.from(q.since()));
    }
    if (q.at() != null) {
      appendAt(sql, args, q.at());
    }
    SqlCondition access = q.access();
    if (access != null) {
      // The gateway's conditions (issue #5): over the resource as it is now, except the security
      // labels, which are the version v's own (AccessSearch.LabelsOf.VERSION).
      sql.append(" and exists (select 1 from resource r where r.pk = v.res_pk and ")
          .append(access.sql())
          .append(')');
      args.addAll(access.args());
    }
  }

  /**
   * {@code _at} (R4 3.1.0.10): only versions that were current at that instant, i.e. written at or
   * before it and not yet replaced by a later version at that instant.
   */
  private static void appendAt(StringBuilder sql, List<Object> args, Instant at) {
    sql.append(
        " and v.last_updated <= ? and not exists (select 1 from resource_version n"
            + " where n.res_pk = v.res_pk and n.version = v.version + 1 and n.last_updated <= ?)");
    args.add(Timestamp.from(at));
    args.add(Timestamp.from(at));
  }

  long maxSeq() {
    Long max =
        jdbc.queryForObject("select coalesce(max(seq), 0) from resource_version", Long.class);
    return max == null ? 0 : max;
  }

  /** Position in history paging. */
  record HistoryCursor(Instant lastUpdated, long seq) {}

  /** What a history page asks for. */
  record HistoryQuery(
      @Nullable String resourceType,
      @Nullable Long pk,
      @Nullable Instant since,
      @Nullable Instant at,
      @Nullable HistoryCursor before,
      long maxSeq,
      int limit,
      @Nullable SqlCondition access) {}

  /** A version row with its global sequence number. */
  record HistoryRow(StoredVersion version, long seq) {
    static final RowMapper<HistoryRow> MAPPER =
        (ResultSet rs, int i) ->
            new HistoryRow(ResourceRepository.VERSION_MAPPER.mapRow(rs, i), seqOf(rs));

    private static long seqOf(ResultSet rs) throws SQLException {
      return rs.getLong(8);
    }
  }
}
