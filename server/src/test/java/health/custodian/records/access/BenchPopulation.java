package health.custodian.records.access;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.testsupport.Http;

/**
 * The gateway benchmarks' data set: {@value #PATIENTS} patients with {@value
 * #OBSERVATIONS_PER_PATIENT} Observations each ({@code Patient/pN}, {@code Observation/oN-M}),
 * loaded as one transaction Bundle per patient.
 */
public final class BenchPopulation {

  static final int PATIENTS = 200;
  static final int OBSERVATIONS_PER_PATIENT = 10;

  private BenchPopulation() {}

  /** The id of the i-th Observation read: all of them in turn, or patient 7's only. */
  static String observation(boolean patient7, int i) {
    int k = i % (PATIENTS * OBSERVATIONS_PER_PATIENT);
    return patient7
        ? "o7-" + (i % OBSERVATIONS_PER_PATIENT)
        : "o" + (k / OBSERVATIONS_PER_PATIENT) + "-" + (k % OBSERVATIONS_PER_PATIENT);
  }

  /** Loads the data set through {@code fhirBase} (also used by the search benchmarks). */
  public static void load(String fhirBase) {
    Http http = new Http(fhirBase);
    for (int p = 0; p < PATIENTS; p++) {
      StringBuilder b =
          new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
      b.append("{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p")
          .append(p)
          .append("\"},\"request\":{\"method\":\"PUT\",\"url\":\"Patient/p")
          .append(p)
          .append("\"}}");
      for (int o = 0; o < OBSERVATIONS_PER_PATIENT; o++) {
        String id = "o" + p + "-" + o;
        b.append(",{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"")
            .append(id)
            .append("\",\"status\":\"final\",\"code\":{\"text\":\"x\"},")
            .append("\"subject\":{\"reference\":\"Patient/p")
            .append(p)
            .append("\"}},\"request\":{\"method\":\"PUT\",\"url\":\"Observation/")
            .append(id)
            .append("\"}}");
      }
      b.append("]}");
      assertThat(http.post("", b.toString()).statusCode()).isEqualTo(200);
    }
  }

  /**
   * Refreshes the planner statistics after {@link #load}: the benchmarks measure a store in its
   * steady state, where autovacuum has analyzed the freshly written tables (within a minute,
   * PostgreSQL 17 docs 24.1.6), not the estimates of empty tables, and an autoanalyze in the middle
   * of a run would change the plans of one side's measurement only (docs/benchmarks.md, 2026-11-27
   * 15:14-16:45: the read's patients sub-select is a bitmap scan before and a plain index scan
   * after).
   */
  public static void analyze(javax.sql.DataSource dataSource) {
    // the tables the runtime role may maintain (V26); the audit tables are append-only to it
    new org.springframework.jdbc.core.JdbcTemplate(dataSource)
        .execute(
            "analyze resource, resource_version, resource_link, sp_token, sp_string, sp_reference,"
                + " sp_date, sp_uri, sp_quantity, sp_composite, sp_fulltext");
  }
}
