package health.custodian.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import java.net.http.HttpResponse;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ETag, Last-Modified, If-Match, If-None-Match, Prefer, Location, _format and _pretty. */
class HttpSemanticsTest extends IntegrationTest {

  private Http http;

  @BeforeEach
  void http() {
    http = new Http(fhirBase());
  }

  private static String patient(String id) {
    return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"active\":true}";
  }

  @Test
  void writesAnswerWithLocationEtagAndLastModified() {
    HttpResponse<String> r = http.post("/Patient", "{\"resourceType\":\"Patient\"}");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("ETag")).hasValue("W/\"1\"");
    assertThat(r.headers().firstValue("Last-Modified")).isPresent();
    String id = Json.parse(r.body()).path("id").asText();
    assertThat(r.headers().firstValue("Location").orElseThrow())
        .isEqualTo(fhirBase() + "/Patient/" + id + "/_history/1");
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/fhir+json");
  }

  @Test
  void ifMatchWithAStaleVersionIsRefusedWith412AndStoresNothing() {
    http.put("/Patient/etag-1", patient("etag-1"));
    HttpResponse<String> ok = http.put("/Patient/etag-1", patient("etag-1"), "If-Match", "W/\"1\"");
    assertThat(ok.statusCode()).isEqualTo(200);
    HttpResponse<String> stale =
        http.put("/Patient/etag-1", patient("etag-1"), "If-Match", "W/\"1\"");
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(Json.parse(stale.body()).path("resourceType").asText())
        .isEqualTo("OperationOutcome");
    JsonNode history = Json.parse(http.get("/Patient/etag-1/_history").body());
    assertThat(history.path("total").asInt()).isEqualTo(2);
  }

  @Test
  void ifNoneMatchAndIfModifiedSinceGiveNotModified() {
    http.put("/Patient/cond-read", patient("cond-read"));
    assertThat(http.get("/Patient/cond-read", "If-None-Match", "W/\"1\"").statusCode())
        .isEqualTo(304);
    assertThat(http.get("/Patient/cond-read", "If-None-Match", "W/\"7\"").statusCode())
        .isEqualTo(200);
    String lastModified =
        http.get("/Patient/cond-read").headers().firstValue("Last-Modified").orElseThrow();
    assertThat(http.get("/Patient/cond-read", "If-Modified-Since", lastModified).statusCode())
        .isEqualTo(304);
    // an IMF-fixdate (RFC 9110 5.6.7): two-digit day, GMT
    assertThat(lastModified)
        .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    ZonedDateTime modified =
        ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME);
    // the obsolete RFC 850 form is still understood; "*" matches any current version
    String rfc850 =
        DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US).format(modified);
    assertThat(http.get("/Patient/cond-read", "If-Modified-Since", rfc850).statusCode())
        .isEqualTo(304);
    String before = DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.minusDays(1));
    assertThat(http.get("/Patient/cond-read", "If-Modified-Since", before).statusCode())
        .isEqualTo(200);
    assertThat(http.get("/Patient/cond-read", "If-Modified-Since", "yesterday").statusCode())
        .isEqualTo(200);
    assertThat(http.get("/Patient/cond-read", "If-None-Match", "*").statusCode()).isEqualTo(304);
  }

  @Test
  void preferReturnControlsTheBody() {
    HttpResponse<String> minimal =
        http.post("/Patient", "{\"resourceType\":\"Patient\"}", "Prefer", "return=minimal");
    assertThat(minimal.statusCode()).isEqualTo(201);
    assertThat(minimal.body()).isEmpty();
    assertThat(minimal.headers().firstValue("Location")).isPresent();

    HttpResponse<String> outcome =
        http.post(
            "/Patient", "{\"resourceType\":\"Patient\"}", "Prefer", "return=OperationOutcome");
    assertThat(Json.parse(outcome.body()).path("resourceType").asText())
        .isEqualTo("OperationOutcome");

    HttpResponse<String> full =
        http.post("/Patient", "{\"resourceType\":\"Patient\"}", "Prefer", "return=representation");
    assertThat(Json.parse(full.body()).path("resourceType").asText()).isEqualTo("Patient");
  }

  @Test
  void formatAndPrettyChooseTheEncoding() {
    http.put("/Patient/fmt", patient("fmt"));
    HttpResponse<String> xml = http.get("/Patient/fmt?_format=xml");
    assertThat(xml.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/fhir+xml");
    assertThat(xml.body()).startsWith("<Patient xmlns=\"http://hl7.org/fhir\">");
    HttpResponse<String> accept = http.get("/Patient/fmt", "Accept", "application/fhir+xml");
    assertThat(accept.body()).startsWith("<Patient");
    HttpResponse<String> pretty = http.get("/Patient/fmt?_pretty=true");
    assertThat(pretty.body()).contains("\n");
    assertThat(http.get("/Patient/fmt").body()).doesNotContain("\n");
  }

  @Test
  void serverAssignsMetaWhateverTheClientSent() {
    HttpResponse<String> r =
        http.put(
            "/Patient/meta-1",
            "{\"resourceType\":\"Patient\",\"id\":\"meta-1\",\"meta\":{\"versionId\":\"99\","
                + "\"lastUpdated\":\"2001-01-01T00:00:00Z\",\"tag\":[{\"code\":\"keep\"}]}}");
    JsonNode body = Json.parse(r.body());
    assertThat(body.path("meta").path("versionId").asText()).isEqualTo("1");
    assertThat(body.path("meta").path("lastUpdated").asText()).doesNotStartWith("2001");
    assertThat(body.path("meta").path("tag").get(0).path("code").asText()).isEqualTo("keep");
  }

  @Test
  void decimalsKeepTheirPrecision() {
    String obs =
        "{\"resourceType\":\"Observation\",\"id\":\"dec-1\",\"status\":\"final\",\"code\":{\"text\":\"w\"},"
            + "\"valueQuantity\":{\"value\":1.50,\"unit\":\"kg\"}}";
    http.put("/Observation/dec-1", obs);
    assertThat(http.get("/Observation/dec-1").body()).contains("\"value\":1.50");
  }

  @Test
  void historyAtReturnsOnlyTheVersionsCurrentAtThatInstant() throws InterruptedException {
    http.put("/Patient/at-1", patient("at-1"));
    Thread.sleep(20);
    String between = java.time.Instant.now().toString();
    Thread.sleep(20);
    http.put("/Patient/at-1", patient("at-1"));
    JsonNode at = Json.parse(http.get("/Patient/at-1/_history?_at=" + between).body());
    assertThat(at.path("entry")).hasSize(1);
    assertThat(at.path("entry").get(0).path("resource").path("meta").path("versionId").asText())
        .isEqualTo("1");
    JsonNode since = Json.parse(http.get("/Patient/at-1/_history?_since=" + between).body());
    assertThat(since.path("entry")).hasSize(1);
    assertThat(since.path("entry").get(0).path("resource").path("meta").path("versionId").asText())
        .isEqualTo("2");
  }

  @Test
  void largeTransactionsStoreEveryCharacterExactly() {
    // 80 entries in one change set: every character survives the batched write path.
    String tricky = "back\\\\slash tab\\t newline\\n cr\\r quote\\\" unicode José 漢字 \\u0001";
    StringBuilder bundle =
        new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
    for (int i = 0; i < 80; i++) {
      bundle
          .append(i == 0 ? "" : ",")
          .append("{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"copy-")
          .append(i)
          .append("\",\"name\":[{\"text\":\"")
          .append(tricky)
          .append("\"}]},\"request\":{\"method\":\"PUT\",\"url\":\"Patient/copy-")
          .append(i)
          .append("\"}}");
    }
    bundle.append("]}");
    assertThat(http.post("", bundle.toString()).statusCode()).isEqualTo(200);
    JsonNode read = Json.parse(http.get("/Patient/copy-79").body());
    JsonNode expected = Json.parse("{\"t\":\"" + tricky + "\"}").path("t");
    assertThat(read.path("name").get(0).path("text")).isEqualTo(expected);
  }
}
