package health.custodian.records.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.records.SyntheaTransactionTestAccess;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import health.custodian.testsupport.StatementCounter;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * {@code $everything} of a whole Synthea patient (2,031 resources in its Bundle): every resource of
 * the compartment comes back, paged without repeats, in a fixed number of statements per page.
 * Times are printed, not asserted.
 */
@Import(StatementCounter.Config.class)
class EverythingSyntheaTest extends IntegrationTest {

  @Autowired StatementCounter statements;

  @Test
  void everythingOfASyntheaPatient() {
    Http http = new Http(fhirBase());
    for (String batch : new String[] {"hospitals.json.gz", "practitioners.json.gz"}) {
      assertThat(http.post("", SyntheaTransactionTestAccess.fixture(batch)).statusCode())
          .isEqualTo(200);
    }
    JsonNode response =
        Json.parse(
            http.post("", SyntheaTransactionTestAccess.fixture("patient-2031-entries.json.gz"))
                .body());
    String patientId =
        response.path("entry").get(0).path("response").path("location").asText().split("/")[1];
    Set<String> written = new HashSet<>();
    response
        .path("entry")
        .forEach(
            e ->
                written.add(
                    e.path("response").path("location").asText().replaceAll("/_history/.*", "")));

    // Warm-up, then one page of 1,000 and all pages.
    http.get("/Patient/" + patientId + "/$everything?_count=10");
    long start = System.nanoTime();
    long[] count = new long[1];
    HttpResponse<String> first = http.get("/Patient/" + patientId + "/$everything?_count=1000");
    long firstPageMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(first.statusCode()).isEqualTo(200);

    Set<String> seen = new HashSet<>();
    int pages = 0;
    long total = -1;
    String next = "/Patient/" + patientId + "/$everything?_count=1000";
    start = System.nanoTime();
    while (next != null) {
      String url = next;
      HttpResponse<String>[] r = new HttpResponse[1];
      count[0] += statements.during(() -> r[0] = http.get(url));
      JsonNode b = Json.parse(r[0].body());
      if (total < 0) {
        total = b.path("total").asLong();
      }
      for (JsonNode e : b.path("entry")) {
        JsonNode res = e.path("resource");
        assertThat(seen.add(res.path("resourceType").asText() + "/" + res.path("id").asText()))
            .isTrue();
      }
      next = IncludeSortShapeTest.nextLink(b);
      pages++;
    }
    long allMs = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "$everything of a Synthea patient: %d resources (%d written in its Bundle), first page of"
            + " 1000 in %d ms, all %d pages in %d ms, %d statements%n",
        seen.size(), written.size(), firstPageMs, pages, allMs, count[0]);
    Set<String> extra = new HashSet<>(seen);
    extra.removeAll(written);
    System.out.println(
        "$everything: shared resources referenced by the compartment: " + extra.size());
    // Encounters name their practitioner, location and organization by conditional references.
    assertThat(extra).anyMatch(s -> s.startsWith("Practitioner/"));
    assertThat(extra).anyMatch(s -> s.startsWith("Organization/"));
    assertThat(seen).containsAll(written);
    assertThat(seen).hasSize((int) total);
    assertThat(count[0]).isEqualTo(2L * pages);
  }
}
