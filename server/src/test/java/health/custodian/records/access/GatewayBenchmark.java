package health.custodian.records.access;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.AccessRules;
import health.custodian.access.Interaction;
import health.custodian.records.internal.access.Gateway;
import health.custodian.records.internal.search.SearchService;
import health.custodian.records.internal.search.SearchService.SearchRequest;
import health.custodian.records.internal.storage.RecordReader;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.RecordingAuditTrail;
import health.custodian.testsupport.TestAccessConfiguration;
import health.custodian.testsupport.TestAccessPolicy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * Benchmark, not a test: its name keeps it out of the suite (surefire runs {@code *Test}); run it
 * with {@code -Dtest=GatewayBenchmark -Dcustodian.bench=gateway}. Read and search throughput
 * through the records gateway against the raw store beneath it, in the same run and JVM, with the
 * test audit trail (in memory) and a programmed policy. Figures in docs/benchmarks.md.
 */
@Import({TestAccessConfiguration.class, GatewayBenchmark.BenchCaller.class})
class GatewayBenchmark extends IntegrationTest {

  /**
   * In process there is no request, so no authenticated caller: the gateway calls act as the
   * full-access test caller (the programmed policy decides what it may see).
   */
  @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
  static class BenchCaller {
    @org.springframework.context.annotation.Bean
    @org.springframework.context.annotation.Primary
    health.custodian.access.CallerContext benchCallerContext() {
      return health.custodian.testsupport.TestCallers::fullAccess;
    }
  }

  private static final int PATIENTS = 200;
  private static final int OBSERVATIONS_PER_PATIENT = 10;

  @Autowired Gateway gateway;
  @Autowired RecordReader reader;
  @Autowired SearchService search;
  @Autowired TestAccessPolicy policy;
  @Autowired RecordingAuditTrail audit;
  @Autowired health.custodian.records.internal.search.AccessSearch access;
  @Autowired health.custodian.access.CallerContext callers;

  @Test
  void readAndSearchThroughputThroughTheGatewayVersusTheRawStore() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        "gateway".equals(System.getProperty("custodian.bench")));
    load();
    int n = Integer.getInteger("custodian.bench.iterations", 20000);
    Map<String, AccessRules> policies =
        Map.of(
            "unrestricted",
            AccessRules.unrestricted(),
            "clinician (labels + consent)",
            new AccessRules(true, null, null, List.of(), Set.of("R", "PSY"), true, false),
            "patient (compartment + labels)",
            new AccessRules(true, null, Set.of("p7"), List.of(), Set.of("R"), false, false));
    if (Boolean.getBoolean("custodian.bench.breakdown")) {
      AccessRules open = AccessRules.unrestricted();
      health.custodian.access.Caller who = callers.current();
      double cur = rate(i -> access.current("Observation", id(false, i), null, open, who), n);
      double ctx = rate(i -> policy.rules(callers.current(), Interaction.READ, "Observation"), n);
      double raw = rate(i -> reader.read("Observation", id(false, i)), n);
      System.out.printf(
          "BENCH breakdown: raw %.0f/s, access.current %.0f/s, caller+policy %.0f/s%n",
          raw, cur, ctx);
    }
    for (int round = 0; round < 2; round++) {
      for (Map.Entry<String, AccessRules> p : policies.entrySet()) {
        policy.use((c, i, t) -> p.getValue());
        boolean patient = p.getKey().startsWith("patient");
        IntConsumer rawRead = i -> reader.read("Observation", id(patient, i));
        IntConsumer gwRead = i -> gateway.read("Observation", id(patient, i));
        IntConsumer rawSearch =
            i -> {
              SearchService.SearchPage page =
                  search.search(
                      new SearchRequest(
                          "Observation",
                          Map.of("subject", List.of("Patient/p" + (patient ? 7 : i % PATIENTS))),
                          20,
                          null,
                          false));
              reader.currentByPks(page.pks());
            };
        IntConsumer gwSearch =
            i ->
                gateway.search(
                    new SearchRequest(
                        "Observation",
                        Map.of("subject", List.of("Patient/p" + (patient ? 7 : i % PATIENTS))),
                        20,
                        null,
                        false),
                    Map.of(),
                    null);
        double rr = rate(rawRead, n);
        double gr = rate(gwRead, n);
        double rs = rate(rawSearch, n / 4);
        double gs = rate(gwSearch, n / 4);
        audit.clear();
        if (round == 1) {
          System.out.printf(
              "BENCH %s: read raw %.0f/s gateway %.0f/s (%.0f%%); search raw %.0f/s gateway"
                  + " %.0f/s (%.0f%%)%n",
              p.getKey(), rr, gr, 100 * gr / rr, rs, gs, 100 * gs / rs);
        }
      }
    }
    assertThat(n).isPositive();
  }

  private static String id(boolean patient, int i) {
    int k = i % (PATIENTS * OBSERVATIONS_PER_PATIENT);
    return patient ? "o7-" + (i % OBSERVATIONS_PER_PATIENT) : "o" + (k / 10) + "-" + (k % 10);
  }

  private static double rate(IntConsumer op, int n) {
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      op.accept(i);
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }

  private void load() {
    Http http = new Http(fhirBase());
    for (int p = 0; p < PATIENTS; p++) {
      StringBuilder b =
          new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
      b.append(
          "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p"
              + p
              + "\"},\"request\":{\"method\":\"PUT\",\"url\":\"Patient/p"
              + p
              + "\"}}");
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
}
