package health.custodian.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.TestPropertySource;

/**
 * Bad input gets the right 4xx with an OperationOutcome (never a 500), and nothing of the request
 * is stored: the system history is the same size before and after.
 */
@TestPropertySource(properties = "custodian.fhir.max-body-bytes=20000")
class BadInputTest extends IntegrationTest {

  private static final String JSON = "application/fhir+json";

  private Http http;
  private int versionsBefore;

  @BeforeEach
  void setUp() {
    http = new Http(fhirBase());
    http.put("/Patient/existing", "{\"resourceType\":\"Patient\",\"id\":\"existing\"}");
    versionsBefore = versions();
  }

  @AfterEach
  void nothingWasStored() {
    assertThat(versions()).isEqualTo(versionsBefore);
  }

  private int versions() {
    return Json.parse(http.get("/_history?_count=0").body()).path("total").asInt();
  }

  record Case(
      String method,
      String path,
      String contentType,
      @Nullable String body,
      int status,
      String code) {}

  static Stream<Arguments> cases() {
    return Stream.of(
            new Case(
                "POST", "/Patient", JSON, "{\"resourceType\":\"Patient\",", 400, "invalid-json"),
            new Case("POST", "/Patient", JSON, "[1,2]", 400, "invalid-json"),
            new Case(
                "POST",
                "/Patient",
                JSON,
                "{\"resourceType\":\"Patient\"} trailing",
                400,
                "invalid-json"),
            new Case(
                "POST",
                "/Patient",
                JSON,
                "{\"resourceType\":\"Patient\",\"id\":\"a\",\"id\":\"b\"}",
                400,
                "invalid-json"),
            new Case("POST", "/Patient", JSON, "", 400, "invalid-json"),
            new Case(
                "POST",
                "/Patient",
                "application/fhir+xml",
                "<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\"/>",
                400,
                "invalid-xml"),
            new Case(
                "POST",
                "/Patient",
                JSON,
                "{\"resourceType\":\"Observation\"}",
                400,
                "type-mismatch"),
            new Case(
                "POST",
                "/Patient",
                JSON,
                "{\"name\":[{\"family\":\"X\"}]}",
                400,
                "missing-resource-type"),
            new Case(
                "PUT",
                "/Patient/one",
                JSON,
                "{\"resourceType\":\"Patient\",\"id\":\"two\"}",
                400,
                "id-mismatch"),
            new Case(
                "PUT", "/Patient/one", JSON, "{\"resourceType\":\"Patient\"}", 400, "missing-id"),
            new Case(
                "PUT",
                "/Patient/bad_id!",
                JSON,
                "{\"resourceType\":\"Patient\",\"id\":\"bad_id!\"}",
                400,
                "invalid-id"),
            new Case(
                "POST",
                "/Unicorn",
                JSON,
                "{\"resourceType\":\"Unicorn\"}",
                404,
                "unknown-resource-type"),
            new Case("POST", "/Patient", "text/plain", "hello", 415, "unsupported-media-type"),
            new Case(
                "POST",
                "/Patient",
                JSON,
                "{\"resourceType\":\"Patient\",\"text\":{\"div\":\"" + "x".repeat(30000) + "\"}}",
                413,
                "body-too-large"),
            new Case(
                "POST",
                "",
                JSON,
                "{\"resourceType\":\"Bundle\",\"type\":\"collection\"}",
                400,
                "invalid-bundle-type"),
            new Case("POST", "", JSON, "{\"resourceType\":\"Patient\"}", 400, "not-a-bundle"),
            new Case(
                "POST",
                "",
                JSON,
                "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\"}}]}",
                400,
                "invalid-bundle"),
            new Case(
                "PATCH",
                "/Patient/existing",
                "application/json-patch+json",
                "{\"op\":\"add\"}",
                400,
                "invalid-patch"),
            new Case("PATCH", "/Patient/existing", JSON, "[]", 415, "unsupported-media-type"),
            new Case(
                "PUT",
                "/Patient/existing",
                JSON,
                "{\"resourceType\":\"Patient\",\"id\":\"existing\",\"managingOrganization\":{\"reference\":\"Organization/missing\"}}",
                400,
                "reference-not-found"),
            new Case("GET", "/Patient/existing/_history/abc", JSON, null, 404, "version-not-found"),
            new Case("GET", "/Patient/nobody", JSON, null, 404, "not-found"),
            new Case(
                "GET", "/Patient/existing?_format=yaml", JSON, null, 406, "unsupported-format"),
            new Case("DELETE", "/Patient", JSON, null, 400, "invalid-condition"))
        .map(c -> Arguments.of(c.method() + " " + c.path() + " -> " + c.code(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersWithAnOperationOutcomeAndTheRightStatus(String name, Case c) {
    HttpResponse<String> r =
        c.body() == null
            ? http.send(c.method(), c.path(), null)
            : http.send(c.method(), c.path(), c.body(), "Content-Type", c.contentType());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(c.status());
    JsonNode oo = Json.parse(r.body());
    assertThat(oo.path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(oo.path("issue").get(0).path("details").path("coding").get(0).path("code").asText())
        .isEqualTo(c.code());
  }
}
