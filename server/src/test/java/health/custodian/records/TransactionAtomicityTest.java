package health.custodian.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A transaction that fails part-way leaves nothing visible: not in reads, history or search. */
class TransactionAtomicityTest extends IntegrationTest {

  private Http http;

  @BeforeEach
  void http() {
    http = new Http(fhirBase());
  }

  private int totalVersions() {
    return Json.parse(http.get("/_history?_count=0").body()).path("total").asInt();
  }

  private int observations() {
    return Json.parse(http.get("/Observation?_count=100").body()).path("entry").size();
  }

  private static String entry(String fullUrl, String resource, String method, String url) {
    return "{\"fullUrl\":\""
        + fullUrl
        + "\",\"resource\":"
        + resource
        + ",\"request\":{\"method\":\""
        + method
        + "\",\"url\":\""
        + url
        + "\"}}";
  }

  @Test
  void aFailingLastEntryRollsBackTheEarlierOnes() {
    http.put(
        "/Patient/atomic-existing",
        "{\"resourceType\":\"Patient\",\"id\":\"atomic-existing\",\"active\":true}");
    int before = totalVersions();
    int observationsBefore = observations();
    String bundle =
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
            + entry(
                "urn:uuid:a",
                "{\"resourceType\":\"Patient\",\"id\":\"atomic-new\"}",
                "PUT",
                "Patient/atomic-new")
            + ","
            + entry(
                "urn:uuid:b",
                "{\"resourceType\":\"Patient\",\"id\":\"atomic-existing\",\"active\":false}",
                "PUT",
                "Patient/atomic-existing")
            + ","
            + entry(
                "urn:uuid:c",
                "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/not-there\"}}",
                "POST",
                "Observation")
            + "]}";
    HttpResponse<String> r = http.post("", bundle);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode issue = Json.parse(r.body()).path("issue").get(0);
    assertThat(issue.path("expression").get(0).asText()).isEqualTo("Bundle.entry[2].resource");
    assertThat(issue.path("diagnostics").asText()).contains("-> Patient/not-there");
    assertThat(totalVersions()).isEqualTo(before);
    assertThat(http.get("/Patient/atomic-new").statusCode()).isEqualTo(404);
    JsonNode existing = Json.parse(http.get("/Patient/atomic-existing").body());
    assertThat(existing.path("active").asBoolean()).isTrue();
    assertThat(existing.path("meta").path("versionId").asText()).isEqualTo("1");
    assertThat(observations()).isEqualTo(observationsBefore);
  }

  @Test
  void anInvalidEntryNamesItsPathAndNothingIsStored() {
    int before = totalVersions();
    String bundle =
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
            + entry("urn:uuid:a", "{\"resourceType\":\"Patient\"}", "POST", "Patient")
            + ","
            + entry(
                "urn:uuid:b", "{\"resourceType\":\"Patient\",\"id\":\"x1\"}", "PUT", "Patient/x2")
            + "]}";
    HttpResponse<String> r = http.post("", bundle);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode issue = Json.parse(r.body()).path("issue").get(0);
    assertThat(issue.path("expression").get(0).asText()).startsWith("Bundle.entry[1]");
    assertThat(totalVersions()).isEqualTo(before);
  }

  @Test
  void theSameResourceTwiceInOneTransactionIsRefused() {
    int before = totalVersions();
    String bundle =
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
            + entry(
                "urn:uuid:a",
                "{\"resourceType\":\"Patient\",\"id\":\"twice\"}",
                "PUT",
                "Patient/twice")
            + ","
            + entry(
                "urn:uuid:b",
                "{\"resourceType\":\"Patient\",\"id\":\"twice\"}",
                "PUT",
                "Patient/twice")
            + "]}";
    assertThat(http.post("", bundle).statusCode()).isEqualTo(400);
    assertThat(totalVersions()).isEqualTo(before);
  }

  @Test
  void deletesRunBeforeCreatesAndReferencedResourcesCannotBeDeleted() {
    http.put("/Patient/ref-target", "{\"resourceType\":\"Patient\",\"id\":\"ref-target\"}");
    http.put(
        "/Observation/ref-source",
        "{\"resourceType\":\"Observation\",\"id\":\"ref-source\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/ref-target\"}}");
    HttpResponse<String> refused = http.delete("/Patient/ref-target");
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(http.get("/Patient/ref-target").statusCode()).isEqualTo(200);

    String bundle =
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
            + "{\"request\":{\"method\":\"DELETE\",\"url\":\"Patient/ref-target\"}},"
            + "{\"request\":{\"method\":\"DELETE\",\"url\":\"Observation/ref-source\"}}]}";
    HttpResponse<String> both = http.post("", bundle);
    assertThat(both.statusCode()).as(both.body()).isEqualTo(200);
    assertThat(http.get("/Patient/ref-target").statusCode()).isEqualTo(410);
  }
}
