package health.custodian.records.access;

import health.custodian.access.AccessRules;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.TestAccessConfiguration;
import health.custodian.testsupport.TestAccessPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Benchmark, not a test ({@code -Dtest=RoundTripProbe -Dcustodian.bench=roundtrips
 * -Dcustodian.bench.pgss=true}): every statement one request sends to PostgreSQL, for a raw and a
 * protected read and search under the gateway benchmarks' three policies, one caller at a time,
 * from {@code pg_stat_statements} (PostgreSQL 17 docs, F.30): calls per request and the executor's
 * and planner's µs per call. Figures in docs/benchmarks.md.
 */
@Import({TestAccessConfiguration.class, GatewayHttpBenchmark.RawStore.class})
class RoundTripProbe extends IntegrationTest {

  @Autowired TestAccessPolicy policy;

  @org.springframework.beans.factory.annotation.Value("${custodian.db.url}")
  String url;

  @Test
  void statementsPerRequest() throws Exception {
    Assumptions.assumeTrue("roundtrips".equals(System.getProperty("custodian.bench")));
    // the server's superuser: the application's own role may not create the extension or reset it
    JdbcTemplate jdbc =
        new JdbcTemplate(
            new org.springframework.jdbc.datasource.SingleConnectionDataSource(
                url, "postgres", "", true));
    jdbc.execute("create extension if not exists pg_stat_statements");
    BenchPopulation.load(fhirBase());
    int n = Integer.getInteger("custodian.bench.iterations", 2000);
    Http fhir = new Http(fhirBase());
    Http raw = Http.anonymous("http://localhost:" + port + "/bench-raw");
    Map<String, AccessRules> policies = new LinkedHashMap<>();
    policies.put("unrestricted", AccessRules.unrestricted());
    policies.put(
        "clinician", new AccessRules(true, null, null, List.of(), Set.of("R", "PSY"), true, false));
    policies.put(
        "patient", new AccessRules(true, null, Set.of("p7"), List.of(), Set.of("R"), false, false));
    for (Map.Entry<String, AccessRules> p : policies.entrySet()) {
      policy.use((c, i, t) -> p.getValue());
      boolean p7 = p.getKey().equals("patient");
      Map<String, IntConsumer> ops = new LinkedHashMap<>();
      ops.put("raw read", i -> ok(raw.get("/Observation/" + BenchPopulation.observation(p7, i))));
      ops.put(
          "gateway read", i -> ok(fhir.get("/Observation/" + BenchPopulation.observation(p7, i))));
      ops.put(
          "raw search",
          i -> ok(raw.get("/Observation?subject=" + GatewayComparison.subject(p7, i))));
      ops.put(
          "gateway search",
          i -> ok(fhir.get("/Observation?_count=20&subject=" + GatewayComparison.subject(p7, i))));
      for (Map.Entry<String, IntConsumer> op : ops.entrySet()) {
        for (int i = 0; i < n; i++) {
          op.getValue().accept(i);
        }
        Thread.sleep(200);
        jdbc.execute("select pg_stat_statements_reset()");
        for (int i = 0; i < n; i++) {
          op.getValue().accept(i);
        }
        // the audit writer's last batch
        Thread.sleep(200);
        String name = p.getKey() + ", " + op.getKey();
        jdbc.query(
            "select calls, total_exec_time, total_plan_time, rows, query from pg_stat_statements"
                + " where dbid = (select oid from pg_database where datname = current_database())"
                + " and query not like '%pg_stat_statements%' order by calls desc, query",
            rs -> {
              long calls = rs.getLong(1);
              System.out.printf(
                  java.util.Locale.ROOT,
                  "ROUNDTRIP %s: %.3f per request, exec %.1f µs + plan %.1f µs per call, %.2f"
                      + " rows per call: %s%n",
                  name,
                  calls / (double) n,
                  rs.getDouble(2) * 1000 / calls,
                  rs.getDouble(3) * 1000 / calls,
                  rs.getLong(4) / (double) calls,
                  rs.getString(5).replaceAll("\\s+", " "));
            });
        audit.clear();
      }
    }
  }

  private static void ok(java.net.http.HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + response.statusCode());
    }
  }
}
