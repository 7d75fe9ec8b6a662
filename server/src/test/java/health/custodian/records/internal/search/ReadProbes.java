package health.custodian.records.internal.search;

import health.custodian.testsupport.BackendCpu;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/** What the read statement probes share: the read statement's pieces and the timing loop. */
final class ReadProbes {

  static final String COLS =
      "select v.res_pk, v.res_type, v.res_id, v.version, v.last_updated, v.method, v.body";
  static final String FROM =
      " from resource r join resource_version v on v.res_pk = r.pk and v.version = r.version";
  static final String WHERE = " where r.res_type = ? and r.res_id = ?";

  /** The hidden-labels test of the protected read, one bound {@code text[]}. */
  static final String LABELS = "(not coalesce(v.security_labels && ?::text[], false))";

  /**
   * The patient policy's read in its lateral form: the resource's patients ({@code patients}, an
   * array expression) computed once and tested against a bound compartment, then the labels.
   */
  static String lateral(String patients) {
    return COLS
        + ", ((p.patients && ?::text[]) and "
        + LABELS
        + ") as visible, p.patients"
        + FROM
        + " cross join lateral (select "
        + patients
        + " as patients offset 0) p"
        + WHERE;
  }

  /** Binds one execution's parameters: statement name, execution number. */
  interface Binder {
    void bind(PreparedStatement p, String name, int i) throws SQLException;
  }

  private ReadProbes() {}

  /**
   * The resource's patients for the audit record, as the gateway's Observation read computes them.
   */
  static String patients(PatientCompartment compartment) {
    StringBuilder ids = new StringBuilder();
    for (Integer i : compartment.paramIds("Observation")) {
      ids.append(ids.isEmpty() ? "" : ",").append(i);
    }
    return "case when r.res_type = 'Patient' then array[r.res_id] else array(select distinct"
        + " x.target_id from sp_reference x where x.res_pk = r.pk and x.param_id + 0 ="
        + " any('{"
        + ids
        + "}'::int[]) and x.target_type = 'Patient') end";
  }

  /**
   * {@link #patients} as the gateway writes it since the read's text is built per type ({@code
   * ReadStatementTexts}): no {@code case} (the type is fixed per text) and no {@code distinct}.
   */
  static String patientsPerType(PatientCompartment compartment, String type) {
    if (type.equals("Patient")) {
      return "array[r.res_id]";
    }
    StringBuilder ids = new StringBuilder();
    for (Integer i : compartment.paramIds(type)) {
      ids.append(ids.isEmpty() ? "" : ",").append(i);
    }
    return "array(select x.target_id from sp_reference x where x.res_pk = r.pk and x.param_id + 0"
        + " = any('{"
        + ids
        + "}'::int[]) and x.target_type = 'Patient')";
  }

  /**
   * Three rounds of 20,000 executions of each statement, interleaved, the first round unreported
   * (the JIT and the server's plan cache); prints µs per statement, wall and the backend's CPU.
   */
  static void time(Connection c, Map<String, String> statements, String label, Binder binder)
      throws SQLException {
    BackendCpu backend = BackendCpu.of(c);
    for (int round = 0; round < 3; round++) {
      for (Map.Entry<String, String> s : statements.entrySet()) {
        try (PreparedStatement p = c.prepareStatement(s.getValue())) {
          int n = 20_000;
          long t0 = System.nanoTime();
          long pg0 = backend.nanos();
          for (int i = 0; i < n; i++) {
            binder.bind(p, s.getKey(), i);
            try (ResultSet rs = p.executeQuery()) {
              rs.next();
            }
          }
          long t1 = System.nanoTime();
          long pg1 = backend.nanos();
          if (round > 0) {
            System.out.printf(
                "PROBE %sround %d, %s: %.1f µs per statement, backend CPU %.2f µs%n",
                label, round, s.getKey(), (t1 - t0) / 1000.0 / n, (pg1 - pg0) / 1000.0 / n);
          }
        }
      }
    }
  }
}
