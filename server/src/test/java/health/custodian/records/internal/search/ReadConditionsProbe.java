package health.custodian.records.internal.search;

import health.custodian.records.access.BenchPopulation;
import health.custodian.testsupport.IntegrationTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Benchmark, not a test ({@code -Dtest=ReadConditionsProbe -Dcustodian.bench=read-conditions}): the
 * protected read's statement for the gateway benchmarks' three policies (unrestricted; hidden
 * labels; one patient's compartment and hidden labels), each as the code wrote it before and after
 * a change, against the raw read, on one connection in the benchmarks' data set: µs per statement
 * over 20,000 executions, interleaved, and each plan's buffers. Figures in docs/benchmarks.md.
 */
class ReadConditionsProbe extends IntegrationTest {

  @Autowired DataSource dataSource;
  @Autowired PatientCompartment compartment;

  @Test
  void probe() throws Exception {
    Assumptions.assumeTrue("read-conditions".equals(System.getProperty("custodian.bench")));
    BenchPopulation.load(fhirBase());
    String cols = ReadProbes.COLS;
    String from = ReadProbes.FROM;
    String where = ReadProbes.WHERE;
    String patients = ReadProbes.patients(compartment);
    String fresh = ReadProbes.patientsPerType(compartment, "Observation");
    String labelsJoined = ReadProbes.LABELS;
    // old = the text before 2026-11-27 13:00 (case and distinct), new = per type; interleaved
    Map<String, String> statements = new LinkedHashMap<>();
    statements.put("raw", cols + from + where);
    statements.put("unrestricted, old", cols + ", true as visible, " + patients + from + where);
    statements.put("unrestricted, new", cols + ", true as visible, " + fresh + from + where);
    statements.put(
        "labels, old", cols + ", (" + labelsJoined + ") as visible, " + patients + from + where);
    statements.put(
        "labels, new", cols + ", (" + labelsJoined + ") as visible, " + fresh + from + where);
    statements.put("patient, lateral, old", ReadProbes.lateral(patients));
    statements.put("patient, lateral, new", ReadProbes.lateral(fresh));
    statements.put("Patient raw", cols + from + where);
    statements.put(
        "Patient unrestricted, old", cols + ", true as visible, " + patients + from + where);
    statements.put(
        "Patient unrestricted, new",
        cols
            + ", true as visible, "
            + ReadProbes.patientsPerType(compartment, "Patient")
            + from
            + where);
    try (Connection c = dataSource.getConnection()) {
      ReadProbes.time(c, statements, "", (p, name, i) -> bind(c, p, name, "o7-" + (i % 10)));
      // Whether PostgreSQL runs each server-prepared statement with its generic plan or plans it
      // anew for every execution (a custom plan): planning costs more than executing these.
      try (PreparedStatement p =
              c.prepareStatement(
                  "select generic_plans, custom_plans, statement from pg_prepared_statements"
                      + " order by statement");
          ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          String text = rs.getString(3);
          String name =
              statements.entrySet().stream()
                  .filter(e -> text.contains(e.getValue().substring(e.getValue().length() - 60)))
                  .filter(e -> text.replaceAll("\\$[0-9]+", "?").equals(e.getValue()))
                  .map(Map.Entry::getKey)
                  .findFirst()
                  .orElse(text.length() > 60 ? text.substring(0, 60) : text);
          System.out.printf(
              "PLANS %s: generic %d, custom %d%n", name, rs.getLong(1), rs.getLong(2));
        }
      }
      // the plans the reads execute: generic ones (PLANS above)
      try (PreparedStatement p = c.prepareStatement("set plan_cache_mode = force_generic_plan")) {
        p.execute();
      }
      for (Map.Entry<String, String> s : statements.entrySet()) {
        try (PreparedStatement p =
            c.prepareStatement("explain (analyze, verbose, buffers, costs off) " + s.getValue())) {
          bind(c, p, s.getKey(), "o7-3");
          try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              System.out.println("PLAN " + s.getKey() + ": " + rs.getString(1));
            }
          }
        }
      }
    }
  }

  private static void bind(Connection c, PreparedStatement p, String name, String id)
      throws java.sql.SQLException {
    int k = 1;
    if (name.startsWith("labels")) {
      p.setArray(k++, c.createArrayOf("text", new String[] {"R", "PSY"}));
    } else if (name.startsWith("patient, lateral")) {
      p.setArray(k++, c.createArrayOf("text", new String[] {"p7"}));
      p.setArray(k++, c.createArrayOf("text", new String[] {"R"}));
    }
    boolean patient = name.startsWith("Patient");
    p.setString(k++, patient ? "Patient" : "Observation");
    p.setString(k, patient ? "p" + id.substring(1, id.indexOf('-')) : id);
  }
}
