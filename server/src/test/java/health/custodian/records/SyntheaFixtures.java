package health.custodian.records;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.testsupport.Http;
import health.custodian.testsupport.Json;
import java.net.http.HttpResponse;

/** Loads the committed Synthea fixture (hospitals, practitioners, one 2,031-entry patient). */
public final class SyntheaFixtures {

  private SyntheaFixtures() {}

  /** Loads everything and returns the new Patient's id. */
  public static String loadPatient(Http fhir) {
    for (String batch : new String[] {"hospitals.json.gz", "practitioners.json.gz"}) {
      assertThat(fhir.post("", SyntheaTransactionTest.fixture(batch)).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> r =
        fhir.post("", SyntheaTransactionTest.fixture("patient-2031-entries.json.gz"));
    assertThat(r.statusCode()).isEqualTo(200);
    String location =
        Json.parse(r.body()).path("entry").get(0).path("response").path("location").asText();
    return location.split("/")[1];
  }

  /**
   * The patient's first family name without Synthea's digits (e.g. "Kling921" becomes "Kling"), as
   * a user would type it into the finder.
   */
  public static String family(Http fhir, String patientId) {
    return Json.parse(fhir.get("/Patient/" + patientId).body())
        .path("name")
        .get(0)
        .path("family")
        .asText()
        .replaceAll("[0-9]", "");
  }
}
