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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Benchmark, not a test ({@code -Dtest=LoadPatientsProbe -Dcustodian.bench=load-patients}): the
 * statement that loads a protected search's page with its patients ({@code AccessSearch.load})
 * against the raw search's load, on one connection, 10 Observations per execution: the membership
 * parameter ids bound as a parameter (a generic plan tests each reference against the whole array
 * in turn) or written into the text as a constant (PostgreSQL then hashes the array once). Figures
 * in docs/benchmarks.md.
 */
class LoadPatientsProbe extends IntegrationTest {

  @Autowired DataSource dataSource;
  @Autowired PatientCompartment compartment;

  private static final String COLS =
      "select v.res_pk, v.res_type, v.res_id, v.version, v.last_updated, v.method, v.body";
  private static final String FROM =
      " from unnest(?::bigint[]) with ordinality as k(pk, ord)"
          + " join resource r on r.pk = k.pk"
          + " join resource_version v on v.res_pk = r.pk and v.version = r.version"
          + " where not r.deleted order by k.ord";

  @Test
  void probe() throws Exception {
    Assumptions.assumeTrue("load-patients".equals(System.getProperty("custodian.bench")));
    BenchPopulation.load(fhirBase());
    Integer[] all = compartment.allParamIds();
    String literal =
        Stream.of(all).map(String::valueOf).collect(Collectors.joining(",", "'{", "}'::int[]"));
    String patients =
        "case when r.res_type = 'Patient' then array[r.res_id] else array(select x.target_id from"
            + " sp_reference x where x.res_pk = r.pk and x.param_id + 0 = any(%s) and"
            + " x.target_type = 'Patient') end";
    Map<String, String> statements = new LinkedHashMap<>();
    statements.put("raw load", COLS + FROM);
    statements.put("load, ids bound", COLS + ", " + patients.formatted("?") + FROM);
    statements.put("load, ids in the text", COLS + ", " + patients.formatted(literal) + FROM);
    System.out.println("IDS " + all.length + " membership parameter ids");
    try (Connection c = dataSource.getConnection()) {
      List<Long[]> pages = new ArrayList<>();
      for (int p = 0; p < 20; p++) {
        try (PreparedStatement s =
            c.prepareStatement(
                "select pk from resource where res_type = 'Observation' order by pk limit 10"
                    + " offset ?")) {
          s.setInt(1, p * 10);
          List<Long> pks = new ArrayList<>();
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              pks.add(rs.getLong(1));
            }
          }
          pages.add(pks.toArray(Long[]::new));
        }
      }
      ReadProbes.time(
          c,
          statements,
          "",
          (p, name, i) -> {
            int k = 1;
            if (name.equals("load, ids bound")) {
              p.setArray(k++, c.createArrayOf("int4", all));
            }
            p.setArray(k, c.createArrayOf("int8", pages.get(i % pages.size())));
          });
      try (PreparedStatement p =
              c.prepareStatement(
                  "select generic_plans, custom_plans, statement from pg_prepared_statements");
          ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          String text = rs.getString(3);
          System.out.printf(
              "PLANS generic %d, custom %d: %s%n",
              rs.getLong(1), rs.getLong(2), text.substring(0, Math.min(120, text.length())));
        }
      }
    }
  }
}
