package health.custodian.records.access;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.AccessRules;
import health.custodian.access.Interaction;
import health.custodian.records.internal.access.Gateway;
import health.custodian.records.internal.search.SearchService;
import health.custodian.records.internal.search.SearchService.SearchRequest;
import health.custodian.records.internal.storage.RecordReader;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.RecordingAuditTrail;
import health.custodian.testsupport.TestAccessConfiguration;
import health.custodian.testsupport.TestAccessPolicy;
import java.util.List;
import java.util.Map;
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

  @Autowired Gateway gateway;
  @Autowired RecordReader reader;
  @Autowired SearchService search;
  @Autowired TestAccessPolicy policy;
  @Autowired javax.sql.DataSource dataSource;
  @Autowired RecordingAuditTrail audit;
  @Autowired health.custodian.records.internal.search.AccessSearch access;
  @Autowired health.custodian.access.CallerContext callers;

  @Test
  void readAndSearchThroughputThroughTheGatewayVersusTheRawStore() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        "gateway".equals(System.getProperty("custodian.bench")));
    BenchPopulation.load(fhirBase());
    BenchPopulation.analyze(dataSource);
    int n = Integer.getInteger("custodian.bench.iterations", 20000);
    if (Boolean.getBoolean("custodian.bench.breakdown")) {
      AccessRules open = AccessRules.unrestricted();
      health.custodian.access.Caller who = callers.current();
      double cur =
          Throughput.rate(i -> access.current("Observation", id(false, i), null, open, who), n, 1);
      double ctx =
          Throughput.rate(
              i -> policy.rules(callers.current(), Interaction.READ, "Observation"), n, 1);
      double raw = Throughput.rate(i -> reader.read("Observation", id(false, i)), n, 1);
      System.out.printf(
          "BENCH breakdown: raw %.0f/s, access.current %.0f/s, caller+policy %.0f/s%n",
          raw, cur, ctx);
    }
    GatewayComparison.run(
        "in process",
        policy,
        CpuMeter.of(dataSource),
        n,
        new GatewayComparison.Workload() {
          @Override
          public IntConsumer rawRead(boolean patient7) {
            return i -> reader.read("Observation", id(patient7, i));
          }

          @Override
          public IntConsumer gatewayRead(boolean patient7) {
            return i -> gateway.read("Observation", id(patient7, i));
          }

          @Override
          public IntConsumer rawSearch(boolean patient7) {
            return i -> reader.currentByPks(search.search(request(patient7, i)).pks());
          }

          @Override
          public IntConsumer gatewaySearch(boolean patient7) {
            return i -> gateway.search(request(patient7, i), Map.of(), null);
          }
        },
        audit::clear);
    assertThat(n).isPositive();
  }

  private static String id(boolean patient, int i) {
    return BenchPopulation.observation(patient, i);
  }

  private static SearchRequest request(boolean patient7, int i) {
    return new SearchRequest(
        "Observation",
        Map.of("subject", List.of(GatewayComparison.subject(patient7, i))),
        20,
        null,
        false);
  }
}
