package health.custodian.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
            new Case("DELETE", "/Patient", JSON, null, 400, "invalid-condition"),
            // Found by fuzzing (2026-11-27): each of these answered 500, or spun a CPU for minutes.
            new Case(
                "GET",
                "/Observation?value-quantity=1e99999999",
                JSON,
                null,
                400,
                "invalid-search-value"),
            new Case(
                "GET",
                "/Observation?value-quantity=1.0e-999999999",
                JSON,
                null,
                400,
                "invalid-search-value"),
            new Case(
                "GET",
                "/Observation?code-value-quantity=x$1e99999999",
                JSON,
                null,
                400,
                "invalid-search-value"),
            new Case("GET", "/Patient;x=1", JSON, null, 400, "invalid-request"),
            new Case("GET", "//Patient", JSON, null, 400, "invalid-request"),
            new Case("GET", "/Patient/%2e%2e/x", JSON, null, 400, "invalid-request"),
            new Case("GET", "/Patient?name=a%00b", JSON, null, 400, "invalid-request"),
            new Case("GET", "/Patient?name=a%0Ab", JSON, null, 400, "invalid-request"),
            new Case("DELETE", "/Patient?_id=a%00b", JSON, null, 400, "invalid-request"),
            new Case(
                "POST",
                "/Patient",
                JSON,
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"a\\u0000b\"}]}",
                422,
                "validation-failed"),
            new Case(
                "POST",
                "/Patient",
                JSON,
                "{\"resourceType\":\"Patient\",\"meta\":{\"tag\":[{\"code\":\"a\\u0000\"}]}}",
                422,
                "validation-failed"),
            new Case(
                "POST",
                "/Observation",
                JSON,
                "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
                    + "\"valueQuantity\":{\"value\":1e-99999999,\"system\":\"http://unitsofmeasure.org\",\"code\":\"mg\"}}",
                422,
                "validation-failed"),
            new Case(
                "POST",
                "/Observation",
                JSON,
                "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
                    + "\"valueQuantity\":{\"value\":1e99999999}}",
                422,
                "validation-failed"))
        .map(c -> Arguments.of(c.method() + " " + c.path() + " -> " + c.code(), c));
  }

  /**
   * A search value that reaches PostgreSQL with U+0000 (here through {@code If-None-Exist}, which
   * the firewall does not see) is the request's fault: 400, not a 409 "conflict" (found by fuzzing
   * 2026-11-27).
   */
  @Test
  void aConditionWithNulIsABadRequest() {
    HttpResponse<String> r =
        http.send(
            "POST",
            "/Patient",
            "{\"resourceType\":\"Patient\"}",
            "Content-Type",
            JSON,
            "If-None-Exist",
            "name=a%00b");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode oo = Json.parse(r.body());
    assertThat(oo.path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(oo.path("issue").get(0).path("details").path("coding").get(0).path("code").asText())
        .isEqualTo("unstorable-value");
  }

  /**
   * FHIR token values separate system and code with an unencoded "|" (R4 search 3.1.1.4.7), which
   * Tomcat refused with its own HTML page. java.net.URI will not send it raw, so a socket does.
   */
  @Test
  void anUnencodedBarInTheQueryIsSearched() throws IOException {
    String response;
    try (Socket socket = new Socket("localhost", port)) {
      String request =
          "GET /fhir/Patient?identifier=http://example.org|abc HTTP/1.1\r\n"
              + "Host: localhost\r\n"
              + "Authorization: Bearer "
              + bearerToken()
              + "\r\nAccept: application/fhir+json\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(response).startsWith("HTTP/1.1 200");
    assertThat(response).contains("\"resourceType\":\"Bundle\"");
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
