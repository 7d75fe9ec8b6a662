package health.custodian.records.internal.search;

import health.custodian.records.access.BenchPopulation;
import health.custodian.testsupport.IntegrationTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Benchmark, not a test ({@code -Dtest=ReadStatementProbe -Dcustodian.bench=read-probe}): the
 * protected read's statement against the raw read's, with and without the patients lookup, and with
 * a covering {@code sp_reference (res_pk, param_id, target_type, target_id)} index (created here
 * only, not a migration), on one connection in the gateway benchmarks' data set: µs per statement
 * over 20,000 executions, and the plans. Figures in docs/benchmarks.md.
 */
class ReadStatementProbe extends IntegrationTest {

  @Autowired DataSource dataSource;
  @Autowired PatientCompartment compartment;

  @org.springframework.beans.factory.annotation.Value("${custodian.db.url}")
  String url;

  @Test
  void probe() throws Exception {
    Assumptions.assumeTrue("read-probe".equals(System.getProperty("custodian.bench")));
    BenchPopulation.load(fhirBase());
    String cols = ReadProbes.COLS;
    String from = ReadProbes.FROM + ReadProbes.WHERE;
    String patients = ReadProbes.patients(compartment);
    Map<String, String> statements = new LinkedHashMap<>();
    statements.put("raw", cols + from);
    statements.put("gateway, no patients", cols + ", true as visible" + from);
    statements.put("gateway", cols + ", true as visible, " + patients + from);
    statements.put(
        "gateway, patients without distinct",
        cols + ", true as visible, " + patients.replace("select distinct", "select") + from);
    try (Connection c = dataSource.getConnection()) {
      List<String> obs = new ArrayList<>();
      try (PreparedStatement p =
              c.prepareStatement("select res_id from resource where res_type = 'Observation'");
          ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          obs.add(rs.getString(1));
        }
      }
      c.createStatement().execute("analyze");
      for (String phase : List.of("no covering index", "covering index")) {
        if (phase.equals("covering index")) {
          // as the database owner: the application's role may not create indexes
          try (Connection owner = java.sql.DriverManager.getConnection(url, "postgres", "")) {
            owner
                .createStatement()
                .execute(
                    "create index sp_reference_res_cover on sp_reference (res_pk, param_id,"
                        + " target_type, target_id)");
          }
          c.createStatement().execute("vacuum analyze sp_reference");
        }
        ReadProbes.time(
            c,
            statements,
            phase + ", ",
            (p, name, i) -> {
              p.setString(1, "Observation");
              p.setString(2, obs.get(i % obs.size()));
            });
        try (PreparedStatement p =
            c.prepareStatement(
                "explain (analyze, buffers) "
                    + statements
                        .get("gateway")
                        .replace("r.res_id = ?", "r.res_id = '" + obs.get(5) + "'")
                        .replace("r.res_type = ?", "r.res_type = 'Observation'"))) {
          try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              System.out.println("PLAN " + phase + ": " + rs.getString(1));
            }
          }
        }
      }
    }
  }
}
