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
}
