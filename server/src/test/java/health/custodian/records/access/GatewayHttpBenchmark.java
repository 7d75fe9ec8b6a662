package health.custodian.records.access;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.audit.internal.store.WriterCounters;
import health.custodian.records.internal.search.SearchService;
import health.custodian.records.internal.search.SearchService.SearchRequest;
import health.custodian.records.internal.storage.RecordReader;
import health.custodian.records.internal.storage.StoredVersion;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.TestAccessConfiguration;
import health.custodian.testsupport.TestAccessPolicy;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Benchmark, not a test (run with {@code -Dtest=GatewayHttpBenchmark -Dcustodian.bench=gateway}):
 * read and search throughput as FHIR clients see it, through {@code /fhir} (bearer token, the
 * policy, the gateway's access SQL, one durable audit event per request) against the raw store
 * served by a harness-only controller at {@code /bench-raw} (no token, no policy, no audit; the
 * product has no such endpoint). Both on the same server, same JVM, same database, same client,
 * several concurrent clients. Figures in docs/benchmarks.md.
 */
@Import({TestAccessConfiguration.class, GatewayHttpBenchmark.RawStore.class})
class GatewayHttpBenchmark extends IntegrationTest {

  /** The store beneath the gateway, over HTTP with the least work: stored JSON as it is. */
  @TestConfiguration(proxyBeanMethods = false)
  static class RawStore {

    @Bean
    @Order(0)
    SecurityFilterChain benchRawChain(HttpSecurity http) throws Exception {
      http.securityMatcher("/bench-raw/**")
          .authorizeHttpRequests(a -> a.anyRequest().permitAll())
          .csrf(c -> c.disable());
      return http.build();
    }

    @Bean
    RawController rawController(RecordReader reader, SearchService search) {
      return new RawController(reader, search);
    }
  }

  @RestController
  static class RawController {
    private final RecordReader reader;
    private final SearchService search;

    RawController(RecordReader reader, SearchService search) {
      this.reader = reader;
      this.search = search;
    }

    @GetMapping(value = "/bench-raw/Observation/{id}", produces = "application/fhir+json")
    ResponseEntity<String> read(@PathVariable String id) {
      StoredVersion v = reader.read("Observation", id);
      return ResponseEntity.ok()
          .eTag("W/\"" + v.version() + "\"")
          .contentType(MediaType.parseMediaType("application/fhir+json"))
          .body(v.body());
    }

    @GetMapping(value = "/bench-raw/Observation", produces = "application/fhir+json")
    ResponseEntity<String> search(@RequestParam String subject) {
      SearchService.SearchPage page =
          search.search(
              new SearchRequest(
                  "Observation", Map.of("subject", List.of(subject)), 20, null, false));
      StringBuilder b = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"searchset\"");
      b.append(",\"entry\":[");
      String sep = "";
      for (StoredVersion v : reader.currentByPks(page.pks())) {
        b.append(sep).append("{\"resource\":").append(v.body()).append('}');
        sep = ",";
      }
      return ResponseEntity.ok()
          .contentType(MediaType.parseMediaType("application/fhir+json"))
          .body(b.append("]}").toString());
    }
  }

  @Autowired TestAccessPolicy policy;
  @Autowired javax.sql.DataSource dataSource;
  @Autowired ApplicationContext context;

  @Test
  void readAndSearchThroughputOverHttpThroughTheGatewayVersusTheRawStore() {
    Assumptions.assumeTrue("gateway".equals(System.getProperty("custodian.bench")));
    BenchPopulation.load(fhirBase());
    BenchPopulation.analyze(dataSource);
    int n = Integer.getInteger("custodian.bench.iterations", 4000);
    Http fhir = new Http(fhirBase());
    Http raw = Http.anonymous("http://localhost:" + port + "/bench-raw");
    GatewayComparison.run(
        "HTTP",
        policy,
        CpuMeter.of(dataSource, WriterCounters.of(context)::now),
        n,
        new GatewayComparison.Workload() {
          @Override
          public IntConsumer rawRead(boolean patient7) {
            return i -> ok(raw.get("/Observation/" + obs(patient7, i)));
          }

          @Override
          public IntConsumer gatewayRead(boolean patient7) {
            return i -> ok(fhir.get("/Observation/" + obs(patient7, i)));
          }

          @Override
          public IntConsumer rawSearch(boolean patient7) {
            return i -> ok(raw.get("/Observation?subject=" + subject(patient7, i)));
          }

          @Override
          public IntConsumer gatewaySearch(boolean patient7) {
            return i -> ok(fhir.get("/Observation?_count=20&subject=" + subject(patient7, i)));
          }
        },
        audit::clear);
    assertThat(n).isPositive();
  }

  private static String obs(boolean patient, int i) {
    return BenchPopulation.observation(patient, i);
  }

  private static String subject(boolean patient, int i) {
    return GatewayComparison.subject(patient, i);
  }

  private static void ok(java.net.http.HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + response.statusCode());
    }
  }
}
