package health.custodian.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** A whole Synthea patient (2,031 resources) loads as one transaction. */
class SyntheaTransactionTest extends IntegrationTest {

  static String fixture(String name) {
    try (InputStream in =
        new GZIPInputStream(
            SyntheaTransactionTest.class.getResourceAsStream("/fixtures/synthea/" + name))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aSyntheaPatientBundleLoadsAsOneTransaction() {
    Http http = new Http(fhirBase());
    for (String batch : new String[] {"hospitals.json.gz", "practitioners.json.gz"}) {
      HttpResponse<String> r = http.post("", fixture(batch));
      assertThat(r.statusCode()).isEqualTo(200);
      Json.parse(r.body())
          .path("entry")
          .forEach(e -> assertThat(e.path("response").path("status").asText()).startsWith("201"));
    }
    String patientBundle = fixture("patient-2031-entries.json.gz");
    int entries = Json.parse(patientBundle).path("entry").size();
    assertThat(entries).isEqualTo(2031);

    HttpResponse<String> r = http.post("", patientBundle);
    assertThat(r.statusCode())
        .as(r.body().substring(0, Math.min(2000, r.body().length())))
        .isEqualTo(200);
    JsonNode response = Json.parse(r.body());
    assertThat(response.path("type").asText()).isEqualTo("transaction-response");
    assertThat(response.path("entry").size()).isEqualTo(entries);
    response
        .path("entry")
        .forEach(e -> assertThat(e.path("response").path("status").asText()).startsWith("201"));

    // The patient's resources reference the Patient by its new id, not by urn:uuid.
    String patientLocation =
        response.path("entry").get(0).path("response").path("location").asText();
    String patientId = patientLocation.split("/")[1];
    JsonNode encounter =
        Json.parse(
            http.get(
                    "/"
                        + response
                            .path("entry")
                            .get(1)
                            .path("response")
                            .path("location")
                            .asText()
                            .replaceAll("/_history/.*", ""))
                .body());
    assertThat(encounter.toString()).contains("Patient/" + patientId).doesNotContain("urn:uuid:");

    // Loading the same batches again matches the existing organizations instead of duplicating.
    HttpResponse<String> again = http.post("", fixture("hospitals.json.gz"));
    Json.parse(again.body())
        .path("entry")
        .forEach(e -> assertThat(e.path("response").path("status").asText()).startsWith("200"));
  }
}
