package health.custodian.records.internal.bulk;

import health.custodian.records.internal.search.SqlCondition;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The SQL of one type's export: current, live versions in pk order, optionally changed after {@code
 * _since} and restricted to the Patient compartment of some or all patients (via the {@code
 * sp_reference} index of the compartment's membership parameters).
 *
 * @param patients null: no compartment restriction (system level); empty list: every patient's
 *     compartment; otherwise these patients'
 * @param access the kick-off caller's access condition over {@code resource r}, or null
 * @param filter the type's {@code _typeFilter} queries as one condition (their OR), or null
 */
record ExportQuery(
    String type,
    @Nullable Instant since,
    @Nullable List<String> patients,
    List<String> membershipParams,
    @Nullable SqlCondition access,
    @Nullable SqlCondition filter) {

  /** Where-clause conditions over {@code resource r}, and their arguments. */
  String where(List<Object> args) {
    StringBuilder sql = new StringBuilder("r.res_type = ? and not r.deleted");
    args.add(type);
    if (access != null) {
      sql.append(" and ").append(access.sql());
      args.addAll(access.args());
    }
    if (since != null) {
      sql.append(" and r.last_updated > ?");
      args.add(Timestamp.from(since));
    }
    if (filter != null) {
      sql.append(" and ").append(filter.sql());
      args.addAll(filter.args());
    }
    if (patients == null) {
      return sql.toString();
    }
    List<String> ids = patients;
    if (type.equals(PatientCompartment.PATIENT)) {
      // A patient is in its own compartment; "link" would also bring in linked patients, but a
      // patient-level export already covers every patient.
      if (!ids.isEmpty()) {
        sql.append(" and r.res_id = any(?)");
        args.add(ids.toArray(String[]::new));
      }
      return sql.toString();
    }
    sql.append(
        " and r.pk in (select s.res_pk from sp_reference s join sp_param p on p.id = s.param_id"
            + " where p.res_type = ? and p.code = any(?) and s.target_type = 'Patient'");
    args.add(type);
    args.add(membershipParams.toArray(String[]::new));
    if (!ids.isEmpty()) {
      sql.append(" and s.target_id = any(?)");
      args.add(ids.toArray(String[]::new));
    }
    sql.append(")");
    return sql.toString();
  }

  /** All matching keys and bodies, in pk order. */
  String select(List<Object> args) {
    List<Object> whereArgs = new ArrayList<>();
    String where = where(whereArgs);
    args.addAll(whereArgs);
    return "select r.pk, v.body from resource r join resource_version v on v.res_pk = r.pk"
        + " and v.version = r.version where "
        + where
        + " order by r.pk";
  }

  /** Of the given keys (ascending), those matching and their bodies, in pk order. */
  String selectAmong(List<Object> args, Long[] pks) {
    List<Object> whereArgs = new ArrayList<>();
    String where = where(whereArgs);
    args.add(pks);
    args.addAll(whereArgs);
    return "select r.pk, v.body from resource r join resource_version v on v.res_pk = r.pk"
        + " and v.version = r.version where r.pk = any(?) and "
        + where
        + " order by r.pk";
  }
}
