package health.custodian.audit.internal.report;

import health.custodian.audit.internal.chain.EventRow;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The SQL of the auditor's reports: AuditEvent search and read, and disclosures per patient. */
@Component
class AuditQuery {

  private static final String SELECT =
      "select e.seq, e.recorded, ag.term, st.term, ad.term, se.term, e.outcome, e.action,"
          + " e.emergency, e.detail, e.query, e.break_glass, e.entities, e.patients"
          + " from audit_event e join audit_term ag on ag.id = e.agent"
          + " join audit_term st on st.id = e.subtype"
          + " left join audit_term ad on ad.id = e.address"
          + " left join audit_term se on se.id = e.session";

  private final JdbcClient jdbc;

  AuditQuery(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Matches newest first, at most {@code count + 1} (the extra one tells there is a next page). */
  List<EventView> search(SearchCriteria c) {
    StringBuilder sql = new StringBuilder(SELECT).append(" where true");
    List<Object> args = new ArrayList<>();
    if (!c.patients().isEmpty()) {
      sql.append(" and e.patients && ?::text[]");
      args.add(c.patients().toArray(new String[0]));
    }
    if (c.allowedPatients() != null) {
      sql.append(" and e.patients && ?::text[]");
      args.add(c.allowedPatients().toArray(new String[0]));
    }
    if (!c.agents().isEmpty()) {
      List<String> terms = new ArrayList<>();
      for (String a : c.agents()) {
        for (String kind : new String[] {"U", "C", "S", "A"}) {
          terms.add(kind + ":" + a);
        }
      }
      sql.append(" and e.agent in (select id from audit_term where term = any(?::text[]))");
      args.add(terms.toArray(new String[0]));
    }
    if (!c.subtypes().isEmpty()) {
      sql.append(" and e.subtype in (select id from audit_term where term = any(?::text[]))");
      args.add(c.subtypes().stream().map(s -> "s:" + s).toArray(String[]::new));
    }
    if (!c.actions().isEmpty()) {
      sql.append(" and e.action::text = any(?::text[])");
      args.add(c.actions().toArray(new String[0]));
    }
    if (!c.outcomes().isEmpty()) {
      sql.append(" and e.outcome = any(?::smallint[])");
      args.add(c.outcomes().toArray(new Integer[0]));
    }
    if (c.from() != null) {
      sql.append(" and e.recorded >= ?");
      args.add(Timestamp.from(c.from()));
    }
    if (c.to() != null) {
      sql.append(" and e.recorded < ?");
      args.add(Timestamp.from(c.to()));
    }
    if (c.before() != null) {
      sql.append(" and e.seq < ?");
      args.add(c.before());
    }
    sql.append(" order by e.seq desc limit ?");
    args.add(c.count() + 1);
    return jdbc.sql(sql.toString()).params(args).query((rs, n) -> view(rs)).list();
  }

  Optional<EventView> byId(long seq) {
    return jdbc.sql(SELECT + " where e.seq = ?").param(seq).query((rs, n) -> view(rs)).optional();
  }

  /**
   * Disclosures of one patient's information in [from, to), oldest first: successful accesses by
   * backend clients (recipients outside the workforce), Bulk Data exports and break-glass accesses
   * that released information, i.e. reads and operations (actions R and E); a client's create,
   * update or delete sends the server data and discloses none (45 CFR 164.528 accounts for
   * disclosures, docs/audit.md "Accounting of disclosures").
   */
  List<EventView> disclosures(String patient, Instant from, Instant to) {
    return jdbc.sql(
            SELECT
                + " where e.patients @> array[?]::text[] and e.outcome = 0"
                + " and e.action in ('R', 'E')"
                + " and e.recorded >= ? and e.recorded < ?"
                + " and (ag.term like 'C:%' or e.emergency or st.term in ('s:export'))"
                + " order by e.recorded, e.seq")
        .params(patient, Timestamp.from(from), Timestamp.from(to))
        .query((rs, n) -> view(rs))
        .list();
  }

  private static EventView view(ResultSet rs) throws SQLException {
    String entities = rs.getString(13);
    Array patients = rs.getArray(14);
    Instant recorded = rs.getTimestamp(2).toInstant();
    return new EventView(
        new EventRow(
            rs.getLong(1),
            recorded.getEpochSecond() * 1_000_000L + recorded.getNano() / 1000,
            rs.getString(3),
            rs.getString(4),
            rs.getString(5),
            rs.getString(6),
            rs.getInt(7),
            rs.getString(8).charAt(0),
            rs.getBoolean(9),
            rs.getString(10),
            rs.getString(11),
            rs.getString(12),
            entities == null ? List.of() : List.of(entities.split(" ")),
            patients == null ? List.of() : List.of((String[]) patients.getArray())));
  }
}
