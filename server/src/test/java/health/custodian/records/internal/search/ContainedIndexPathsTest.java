package health.custodian.records.internal.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.storage.WriteSessions;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Contained resources are indexed by every path that indexes their container: the second phase of
 * bulk imports ({@link PendingIndex}) and {@code $reindex}.
 */
class ContainedIndexPathsTest extends IntegrationTest {

  @Autowired JdbcTemplate jdbc;
  @Autowired WriteSessions sessions;
  @Autowired PendingIndex pending;

  private Http http;

  @BeforeEach
  void http() {
    http = new Http(fhirBase());
  }

  private static ObjectNode request(String id, String code) {
    return (ObjectNode)
        FhirJson.parse(
            "{\"resourceType\":\"MedicationRequest\",\"id\":\""
                + id
                + "\",\"contained\":[{\"resourceType\":\"Medication\",\"id\":\"med\","
                + "\"code\":{\"coding\":[{\"system\":\"http://www.nlm.nih.gov/research/umls/rxnorm\","
                + "\"code\":\""
                + code
                + "\"}]}}],\"status\":\"active\",\"intent\":\"order\","
                + "\"subject\":{\"reference\":\"Patient/pz\"},\"medicationReference\":{\"reference\":\"#med\"}}");
  }

  private int total(String query) {
    HttpResponse r = new HttpResponse(http.get(query + "&_total=accurate").body());
    return r.bundle().path("total").asInt();
  }

  private record HttpResponse(String body) {
    JsonNode bundle() {
      return Json.parse(body);
    }
  }

  @Test
  void bulkLoadedContainersAreSearchableOnceIndexed() {
    http.put("/Patient/pz", "{\"resourceType\":\"Patient\",\"id\":\"pz\"}");
    sessions.inTransaction(
        session -> {
          session.deferIndexing();
          session.update("MedicationRequest", "b1", request("b1", "4711"), null, "PUT");
          return null;
        });
    assertThat(total("/Medication?code=4711&_contained=true")).isZero();
    assertThat(pending.indexAll(done -> {})).isEqualTo(1);
    assertThat(total("/Medication?code=4711&_contained=true")).isEqualTo(1);
    assertThat(total("/Medication?code=4711")).isZero();
  }

  @Test
  void reindexRewritesContainedRows() {
    assertThat(http.put("/Patient/pz", "{\"resourceType\":\"Patient\",\"id\":\"pz\"}").statusCode())
        .isEqualTo(201);
    assertThat(http.put("/MedicationRequest/r1", request("r1", "4712").toString()).statusCode())
        .isEqualTo(201);
    assertThat(total("/Medication?code=4712&_contained=true")).isEqualTo(1);
    for (String table : java.util.List.of("sp_token", "sp_string", "sp_reference")) {
      jdbc.update(
          "delete from " + table + " where res_pk = (select pk from resource where res_id = 'r1')");
    }
    assertThat(total("/Medication?code=4712&_contained=true")).isZero();
    assertThat(http.post("/$reindex", "{\"resourceType\":\"Parameters\"}").statusCode())
        .isEqualTo(202);
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> http.get("/$reindex-status").body().contains("\"done\""));
    assertThat(total("/Medication?code=4712&_contained=true")).isEqualTo(1);
  }
}
