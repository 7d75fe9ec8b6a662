package health.custodian.records.internal.search;

import health.custodian.records.access.BenchPopulation;
import health.custodian.testsupport.IntegrationTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Benchmark, not a test ({@code -Dtest=PatientsIndexProbe -Dcustodian.bench=patients-index}): the
 * protected read's statement (the resource's patients for the audit record) on one connection,
 * under the indexes {@code sp_reference} has and with candidate indexes that serve the sub-select
 * as a plain (index-only) scan. Each phase on a fresh connection (a changed setting or index must
 * reach a fresh generic plan), phases repeated in both orders, first on the statistics a freshly
 * loaded population has, then analyzed. Figures in docs/benchmarks.md.
 */
class PatientsIndexProbe extends IntegrationTest {

  @Autowired PatientCompartment compartment;

  @Value("${custodian.db.url}")
  String url;

  private static final String PARTIAL =
      "create index sp_reference_patients on sp_reference (res_pk) include (param_id, target_id)"
          + " where target_type = 'Patient'";
  private static final String COVERING =
      "create index sp_reference_res_covering on sp_reference (res_pk)"
          + " include (param_id, target_type, target_id)";

  @Test
  void probe() throws Exception {
    Assumptions.assumeTrue("patients-index".equals(System.getProperty("custodian.bench")));
    BenchPopulation.load(fhirBase());
    String cols = ReadProbes.COLS;
    String from = ReadProbes.FROM;
    String where = ReadProbes.WHERE;
    String fresh = ReadProbes.patientsPerType(compartment, "Observation");
    Map<String, String> statements = new LinkedHashMap<>();
    statements.put("raw", cols + from + where);
    statements.put("unrestricted", cols + ", true as visible, " + fresh + from + where);
    statements.put("patient, lateral", ReadProbes.lateral(fresh));
    boolean analyzed = false;
    try (Connection su = DriverManager.getConnection(url, "postgres", "")) {
      // "fresh": the statistics the benchmarks run on right after loading their population (no
      // ANALYZE yet); "analyzed": after VACUUM (ANALYZE), as autovacuum leaves a settled database
      for (String phase :
          List.of(
              "fresh base",
              "fresh partial",
              "fresh covering",
              "fresh base",
              "analyzed base",
              "analyzed partial",
              "analyzed covering",
              "analyzed covering",
              "analyzed partial",
              "analyzed base")) {
        if (phase.equals("analyzed base") && !analyzed) {
          exec(su, "vacuum (analyze) sp_reference");
          exec(su, "vacuum (analyze) resource");
          exec(su, "vacuum (analyze) resource_version");
          analyzed = true;
        }
        if (phase.endsWith("partial")) {
          timed(su, PARTIAL);
        } else if (phase.endsWith("covering")) {
          exec(su, "drop index sp_reference_res");
          timed(su, COVERING);
        }
        if (analyzed && !phase.endsWith("base")) {
          exec(su, "vacuum (analyze) sp_reference");
        }
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
          ReadProbes.time(c, statements, phase + ", ", (p, name, i) -> bind(c, p, name, i));
          exec(c, "set plan_cache_mode = force_generic_plan");
          for (Map.Entry<String, String> s : statements.entrySet()) {
            try (PreparedStatement p = c.prepareStatement("explain " + s.getValue())) {
              bind(c, p, s.getKey(), 3);
              try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                  System.out.println("PLAN " + phase + ", " + s.getKey() + ": " + rs.getString(1));
                }
              }
            }
          }
        }
        if (phase.endsWith("partial")) {
          exec(su, "drop index sp_reference_patients");
        } else if (phase.endsWith("covering")) {
          exec(su, "drop index sp_reference_res_covering");
          exec(su, "create index sp_reference_res on sp_reference (res_pk)");
        }
      }
      try (PreparedStatement p =
              su.prepareStatement(
                  "select count(*), count(*) filter (where target_type = 'Patient'),"
                      + " pg_relation_size('sp_reference_res') from sp_reference");
          ResultSet rs = p.executeQuery()) {
        rs.next();
        System.out.printf(
            "ROWS sp_reference %d, to a Patient %d, sp_reference_res %d bytes%n",
            rs.getLong(1), rs.getLong(2), rs.getLong(3));
      }
    }
  }

  private static void timed(Connection su, String ddl) throws SQLException {
    long t0 = System.nanoTime();
    exec(su, ddl);
    long t1 = System.nanoTime();
    String name = ddl.split(" ")[2];
    try (PreparedStatement p = su.prepareStatement("select pg_relation_size(?::regclass)")) {
      p.setString(1, name);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        System.out.printf(
            "INDEX %s built in %.1f ms, %d bytes%n", name, (t1 - t0) / 1e6, rs.getLong(1));
      }
    }
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void bind(Connection c, PreparedStatement p, String name, int i)
      throws SQLException {
    int k = 1;
    if (name.startsWith("patient, lateral")) {
      p.setArray(k++, c.createArrayOf("text", new String[] {"p7"}));
      p.setArray(k++, c.createArrayOf("text", new String[] {"R"}));
    }
    p.setString(k++, "Observation");
    p.setString(k, "o7-" + (i % 10));
  }
}
