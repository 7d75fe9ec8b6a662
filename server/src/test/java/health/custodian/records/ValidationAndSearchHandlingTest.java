package health.custodian.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Validation failures name the expression path (single writes and Bundle entries), {@code
 * $validate} reports with HAPI's full validator, and unknown search parameters follow {@code
 * Prefer: handling}.
 */
class ValidationAndSearchHandlingTest extends IntegrationTest {

  private Http http;

  @BeforeEach
  void http() {
    http = new Http(fhirBase());
  }

  private static JsonNode firstIssue(HttpResponse<String> r) {
    return Json.parse(r.body()).path("issue").get(0);
  }

  @Test
  void anInvalidWriteAnswers422WithThePathOfTheProblem() {
    HttpResponse<String> r =
        http.post("/Patient", "{\"resourceType\":\"Patient\",\"birthDate\":\"1980-13-45\"}");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(firstIssue(r).path("expression").get(0).asText()).isEqualTo("Patient.birthDate");
    assertThat(firstIssue(r).path("severity").asText()).isEqualTo("error");
  }

  @Test
  void anInvalidEntryInATransactionIsNamedByItsBundlePath() {
    int before = Json.parse(http.get("/_history?_count=0").body()).path("total").asInt();
    String bundle =
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
            + "{\"resource\":{\"resourceType\":\"Patient\"},\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}},"
            + "{\"resource\":{\"resourceType\":\"Patient\",\"birthDate\":\"2021-02-30\"},"
            + "\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}]}";
    HttpResponse<String> r = http.post("", bundle);
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(firstIssue(r).path("expression").get(0).asText())
        .isEqualTo("Bundle.entry[1].resource.birthDate");
    assertThat(Json.parse(http.get("/_history?_count=0").body()).path("total").asInt())
        .isEqualTo(before);
  }

  @Test
  void validateOperationReportsIssuesWithoutStoringAnything() {
    HttpResponse<String> bad =
        http.post("/Patient/$validate", "{\"resourceType\":\"Patient\",\"gender\":\"bogus\"}");
    assertThat(bad.statusCode()).isEqualTo(200);
    JsonNode outcome = Json.parse(bad.body());
    assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(outcome.toString()).contains("\"severity\":\"error\"").contains("Patient.gender");

    http.put(
        "/Patient/valid-1", "{\"resourceType\":\"Patient\",\"id\":\"valid-1\",\"active\":true}");
    HttpResponse<String> stored = http.get("/Patient/valid-1/$validate");
    assertThat(stored.statusCode()).isEqualTo(200);
    assertThat(stored.body()).doesNotContain("\"severity\":\"error\"");
    assertThat(Json.parse(http.get("/Patient/valid-1/_history").body()).path("total").asInt())
        .isEqualTo(1);
  }

  @Test
  void unknownSearchParametersAre400WhenStrictAndReportedWhenLenient() {
    http.put("/Patient/s-1", "{\"resourceType\":\"Patient\",\"id\":\"s-1\",\"gender\":\"male\"}");
    HttpResponse<String> strict =
        http.get("/Patient?gender=male&colour=blue", "Prefer", "handling=strict");
    assertThat(strict.statusCode()).isEqualTo(400);
    assertThat(firstIssue(strict).path("details").path("coding").get(0).path("code").asText())
        .isEqualTo("unknown-search-parameter");

    HttpResponse<String> lenient = http.get("/Patient?gender=male&colour=blue");
    assertThat(lenient.statusCode()).isEqualTo(200);
    JsonNode bundle = Json.parse(lenient.body());
    assertThat(bundle.path("link").get(0).path("url").asText())
        .contains("gender=male")
        .doesNotContain("colour");
    JsonNode last = bundle.path("entry").get(bundle.path("entry").size() - 1);
    assertThat(last.path("search").path("mode").asText()).isEqualTo("outcome");
    assertThat(last.path("resource").toString()).contains("colour");
    assertThat(bundle.path("total").asInt()).isEqualTo(1);
  }
}
