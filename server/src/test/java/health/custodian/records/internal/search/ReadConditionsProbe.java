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
    String labelsLookup =
        "(not coalesce((select lv.security_labels from resource_version lv"
            + " where lv.res_pk = r.pk and lv.version = r.version) && ?::text[], false))";
    String labelsJoined = "(not coalesce(v.security_labels && ?::text[], false))";
    String compartmentExists =
        "(exists (select 1 from sp_reference x where x.res_pk = r.pk"
            + " and x.param_id + 0 = any(?) and x.target_type = 'Patient'"
            + " and x.target_id = any(?)))";
    Map<String, String> statements = new LinkedHashMap<>();
    statements.put("raw", cols + from + where);
    statements.put("unrestricted", cols + ", true as visible, " + patients + from + where);
    statements.put(
        "labels, lookup (before)",
        cols + ", (" + labelsLookup + ") as visible, " + patients + from + where);
    statements.put(
        "labels, joined v (after)",
        cols + ", (" + labelsJoined + ") as visible, " + patients + from + where);
    statements.put(
        "patient, exists + lookup (before)",
        cols
            + ", ("
            + compartmentExists
            + " and "
            + labelsLookup
            + ") as visible, "
            + patients
            + from
            + where);
    statements.put(
        "patient, exists + joined v",
        cols
            + ", ("
            + compartmentExists
            + " and "
            + labelsJoined
            + ") as visible, "
            + patients
            + from
            + where);
    statements.put(
        "patient, lateral patients + joined v",
        cols
            + ", ((p.patients && ?::text[]) and "
            + labelsJoined
            + ") as visible, p.patients"
            + from
            + " cross join lateral (select "
            + patients
            + " as patients offset 0) p"
            + where);
    Integer[] membership = compartment.paramIds("Observation");
    try (Connection c = dataSource.getConnection()) {
      ReadProbes.time(
          c, statements, "", (p, name, i) -> bind(c, p, name, membership, "o7-" + (i % 10)));
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
      for (Map.Entry<String, String> s : statements.entrySet()) {
        try (PreparedStatement p =
            c.prepareStatement("explain (analyze, buffers, costs off) " + s.getValue())) {
          bind(c, p, s.getKey(), membership, "o7-3");
          try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              System.out.println("PLAN " + s.getKey() + ": " + rs.getString(1));
            }
          }
        }
      }
    }
  }

  private static void bind(
      Connection c, PreparedStatement p, String name, Integer[] membership, String id)
      throws java.sql.SQLException {
    int k = 1;
    String[] labels = {"R", "PSY"};
    if (name.startsWith("labels")) {
      p.setArray(k++, c.createArrayOf("text", labels));
    } else if (name.startsWith("patient, lateral")) {
      p.setArray(k++, c.createArrayOf("text", new String[] {"p7"}));
      p.setArray(k++, c.createArrayOf("text", new String[] {"R"}));
    } else if (name.startsWith("patient")) {
      p.setArray(k++, c.createArrayOf("int4", membership));
      p.setArray(k++, c.createArrayOf("text", new String[] {"p7"}));
      p.setArray(k++, c.createArrayOf("text", new String[] {"R"}));
    }
    p.setString(k++, "Observation");
    p.setString(k, id);
  }
}
