package health.custodian.records.internal.search;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.records.access.BenchPopulation;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.TestCallers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Benchmark, not a test (surefire runs {@code *Test}): run with {@code -Dtest=AccessPlanBenchmark
 * -Dcustodian.bench=access-plan}. The search statements of the gateway benchmarks' data set (200
 * patients, 10 Observations each, {@code Observation?subject=Patient/p7}, page of 20, first page
 * with its window total) under the three policies of {@code GatewayComparison}, as the access
 * conditions build them now and as they were built before 2026-11-27 (the statement texts below),
 * in the same database: PostgreSQL's time per statement (planned per execution, as searches are),
 * its planning and execution times, and the plans (custom, and generic for the read statement).
 * Figures in docs/benchmarks.md.
 */
class AccessPlanBenchmark extends IntegrationTest {

  /** The label probe before 2026-11-27: the resource's _security rows in sp_token. */
  private static final String LABELS_BEFORE =
      "not exists (select 1 from sp_token t where t.res_pk = r.pk and t.param_id + 0 in"
          + " (select id from sp_param where code = '_security') and t.code = any(?))";

  /** The compartment probe before 2026-11-27: an exists PostgreSQL could pull up into a join. */
  private static final String COMPARTMENT_BEFORE =
      "exists (select 1 from sp_reference x where x.res_pk = r.pk"
          + " and x.param_id + 0 = any(?) and x.target_type = 'Patient'"
          + " and x.target_id = any(?))";

  private static final Pattern PLANNING = Pattern.compile("Planning Time: ([0-9.]+) ms");
  private static final Pattern EXECUTION = Pattern.compile("Execution Time: ([0-9.]+) ms");

  @Autowired JdbcSearchService search;
  @Autowired AccessConditions conditions;
  @Autowired AccessCompartmentCriteria criteria;
  @Autowired PatientCompartment compartment;
  @Autowired JdbcTemplate jdbc;

  @Test
  void accessConditionsCostOfOneSearch() {
    Assumptions.assumeTrue("access-plan".equals(System.getProperty("custodian.bench")));
    BenchPopulation.load(fhirBase());
    jdbc.execute("analyze");
    int n = Integer.getInteger("custodian.bench.iterations", 2000);
    Caller caller = TestCallers.fullAccess();
    AccessRules clinician =
        new AccessRules(true, null, null, List.of(), Set.of("R", "PSY"), true, false);
    AccessRules patient =
        new AccessRules(true, null, Set.of("p7"), List.of(), Set.of("R"), false, false);
    Map<String, List<String>> bySubject = Map.of("subject", List.of("Patient/p7"));
    Map<String, List<String>> byStatus = Map.of("status", List.of("final"));
    Map<String, SqlCondition> statements = new LinkedHashMap<>();
    statements.put("unrestricted", page(bySubject, List.of()));
    statements.put(
        "clinician, before",
        page(
            bySubject,
            List.of(SqlCondition.of(LABELS_BEFORE, (Object) new String[] {"R", "PSY"}))));
    statements.put(
        "clinician, now", page(bySubject, now("Observation", bySubject, clinician, caller)));
    statements.put(
        "patient, before",
        page(
            bySubject,
            List.of(
                SqlCondition.of(
                    COMPARTMENT_BEFORE, compartment.paramIds("Observation"), new String[] {"p7"}),
                SqlCondition.of(LABELS_BEFORE, (Object) new String[] {"R"}))));
    statements.put("patient, now", page(bySubject, now("Observation", bySubject, patient, caller)));
    statements.put(
        "patient status=final, before",
        page(
            byStatus,
            List.of(
                SqlCondition.of(
                    COMPARTMENT_BEFORE, compartment.paramIds("Observation"), new String[] {"p7"}),
                SqlCondition.of(LABELS_BEFORE, (Object) new String[] {"R"}))));
    statements.put(
        "patient status=final, now", page(byStatus, now("Observation", byStatus, patient, caller)));

    Map<String, double[]> wall = new LinkedHashMap<>();
    for (int round = 0; round < 3; round++) {
      for (Map.Entry<String, SqlCondition> s : statements.entrySet()) {
        double us = time(s.getValue(), n);
        if (round > 0) {
          wall.computeIfAbsent(s.getKey(), k -> new double[2])[round - 1] = us;
        }
      }
    }
    for (Map.Entry<String, SqlCondition> s : statements.entrySet()) {
      double[] pe = planningAndExecution(s.getValue(), Math.max(1, n / 10));
      double[] w = wall.get(s.getKey());
      System.out.printf(
          "BENCH access-plan %s: %.0f / %.0f us per statement (two rounds), planning %.0f us,"
              + " execution %.0f us%n",
          s.getKey(), w[0], w[1], pe[0], pe[1]);
    }
    for (Map.Entry<String, SqlCondition> s : statements.entrySet()) {
      System.out.println("PLAN " + s.getKey() + ": " + s.getValue().sql());
      System.out.println(String.join("\n", explain(s.getValue())));
    }
    SqlCondition read = read(patient, caller);
    System.out.println("PLAN read (generic), patient, now: " + read.sql());
    System.out.println(String.join("\n", genericPlan(read)));
    assertThat(wall).isNotEmpty();
  }

  private List<SqlCondition> now(
      String type, Map<String, List<String>> parameters, AccessRules rules, Caller caller) {
    boolean implied =
        criteria.implied(type, parameters, rules.patients() == null ? Set.of() : rules.patients());
    return conditions.of(type, rules, caller, false, AccessSearch.LabelsOf.CURRENT, implied);
  }

  /** The first page's statement of {@code JdbcSearchService.search} (window total, max pk). */
  private SqlCondition page(Map<String, List<String>> parameters, List<SqlCondition> access) {
    List<SqlCondition> where =
        search.conditions("Observation", parameters, false, new ArrayList<>());
    where.addAll(access);
    SqlCondition all = AccessConditions.and(DrivingSet.rewrite(where));
    List<Object> args = new ArrayList<>(all.args());
    args.add(21);
    return new SqlCondition(
        "select r.pk, count(*) over () as total, (select coalesce(max(pk), 0) from resource)"
            + " as max_pk from resource r where "
            + all.sql()
            + " order by r.pk limit ?",
        args);
  }

  /** The shape of {@code AccessSearch.current}: a read with its visibility and patients. */
  private SqlCondition read(AccessRules rules, Caller caller) {
    SqlCondition visible =
        AccessConditions.and(
            conditions.of("Observation", rules, caller, false, AccessSearch.LabelsOf.CURRENT));
    List<Object> args = new ArrayList<>(visible.args());
    args.add(compartment.allParamIds());
    args.add("Observation");
    args.add("o7-3");
    return new SqlCondition(
        "select v.res_pk, v.body, "
            + visible.sql()
            + " as visible, case when r.res_type = 'Patient' then array[r.res_id] else"
            + " array(select distinct x.target_id from sp_reference x where x.res_pk = r.pk and"
            + " x.param_id + 0 = any(?) and x.target_type = 'Patient') end"
            + " from resource r join resource_version v on v.res_pk = r.pk and v.version = r.version"
            + " where r.res_type = ? and r.res_id = ?",
        args);
  }

  private double time(SqlCondition s, int n) {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      jdbc.query(JdbcSearchService.customPlan(s.sql(), s.args()), rs -> {});
    }
    return (System.nanoTime() - t0) / 1000.0 / n;
  }

  private double[] planningAndExecution(SqlCondition s, int n) {
    double planning = 0;
    double execution = 0;
    for (int i = 0; i < n; i++) {
      String text = String.join("\n", explainAnalyze(s, "explain (analyze, timing off) "));
      planning += value(PLANNING, text);
      execution += value(EXECUTION, text);
    }
    return new double[] {planning * 1000 / n, execution * 1000 / n};
  }

  private static double value(Pattern p, String text) {
    Matcher m = p.matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private List<String> explain(SqlCondition s) {
    return explainAnalyze(s, "explain (analyze, buffers) ");
  }

  private List<String> explainAnalyze(SqlCondition s, String prefix) {
    return jdbc.query(
        JdbcSearchService.customPlan(prefix + s.sql(), s.args()), (rs, i) -> rs.getString(1));
  }

  /** The plan PostgreSQL uses once a server-prepared statement goes generic. */
  private List<String> genericPlan(SqlCondition s) {
    StringBuilder sql = new StringBuilder();
    List<String> types = new ArrayList<>();
    List<String> values = new ArrayList<>();
    int k = 0;
    for (char c : s.sql().toCharArray()) {
      if (c == '?') {
        Object a = s.args().get(k++);
        sql.append('$').append(k);
        types.add(type(a));
        values.add(literal(a));
      } else {
        sql.append(c);
      }
    }
    return jdbc.execute(
        (Connection c) -> {
          List<String> lines = new ArrayList<>();
          try (Statement st = c.createStatement()) {
            st.execute("set plan_cache_mode = force_generic_plan");
            st.execute("prepare access_read (" + String.join(", ", types) + ") as " + sql);
            try (ResultSet rs =
                st.executeQuery(
                    "explain (analyze, buffers) execute access_read("
                        + String.join(", ", values)
                        + ")")) {
              while (rs.next()) {
                lines.add(rs.getString(1));
              }
            }
            st.execute("deallocate access_read");
            st.execute("reset plan_cache_mode");
          }
          return lines;
        });
  }

  private static String type(Object a) {
    if (a instanceof Integer[]) {
      return "int[]";
    }
    if (a instanceof Long[]) {
      return "bigint[]";
    }
    if (a instanceof String[]) {
      return "text[]";
    }
    if (a instanceof Integer) {
      return "int";
    }
    return a instanceof Long ? "bigint" : "text";
  }

  private static String literal(Object a) {
    if (a instanceof Object[] array) {
      List<String> parts = new ArrayList<>();
      for (Object o : array) {
        parts.add("\"" + o + "\"");
      }
      return "'{" + String.join(",", parts) + "}'";
    }
    return a instanceof Number ? a.toString() : "'" + a.toString().replace("'", "''") + "'";
  }
}
