package health.custodian.records.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With the composite and full-text indexes off, their searches are refused, never wrong. */
@TestPropertySource(
    properties = {
      "custodian.search.composite-index=false",
      "custodian.search.full-text-index=false"
    })
class IndexSettingsTest extends IntegrationTest {

  @Test
  void switchedOffIndexesAreNotAdvertisedAndTheirSearchesAreRefused() {
    Http http = new Http(fhirBase());
    http.put(
        "/Observation/o1",
        "{\"resourceType\":\"Observation\",\"id\":\"o1\",\"status\":\"final\",\"code\":{\"coding\":"
            + "[{\"system\":\"http://loinc.org\",\"code\":\"8480-6\"}]},\"valueQuantity\":{\"value\":120,"
            + "\"system\":\"http://unitsofmeasure.org\",\"code\":\"mm[Hg]\"}}");
    assertThat(
            http.get("/Observation?code-value-quantity=http://loinc.org%7C8480-6$gt100")
                .statusCode())
        .isEqualTo(400);
    assertThat(http.get("/Observation?_content=final", "Prefer", "handling=strict").statusCode())
        .isEqualTo(400);
    JsonNode lenient = Json.parse(http.get("/Observation?_content=final").body());
    assertThat(lenient.path("link").get(0).path("url").asText()).doesNotContain("_content");
    String observation =
        Json.parse(http.get("/metadata").body()).path("rest").get(0).path("resource").toString();
    assertThat(observation)
        .doesNotContain("\"code-value-quantity\"")
        .doesNotContain("\"_content\"");
    assertThat(http.get("/Observation?code=http://loinc.org%7C8480-6").body()).contains("\"o1\"");
  }
}
