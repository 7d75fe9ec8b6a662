package health.custodian.records.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.records.internal.json.FhirJson;
import org.junit.jupiter.api.Test;

/** Local reference keys (R4 2.3.0): which reference strings name a resource of this server. */
class ReferencesTest {

  @Test
  void localKeysOfRelativeReferences() {
    assertThat(References.localKey("Patient/123")).isEqualTo("Patient/123");
    assertThat(References.localKey("Patient/123/_history/2")).isEqualTo("Patient/123");
    assertThat(References.localKey("Patient/123/_history/")).isEqualTo("Patient/123");
  }

  @Test
  void otherReferencesHaveNoLocalKey() {
    for (String ref :
        new String[] {
          "",
          "#contained",
          "Patient",
          "Patient/",
          "/123",
          "Patient//_history/1",
          "Bogus/123",
          "Patient/123/extra",
          "Patient/123/_history/2/x",
          "Patient/123/_historyx/2",
          "Patient?identifier=a|b",
          "http://example.org/fhir/Patient/123",
          "urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0"
        }) {
      assertThat(References.localKey(ref)).as(ref).isNull();
    }
  }

  @Test
  void localKeysAreDistinctAndInDocumentOrder() {
    JsonNode resource =
        FhirJson.parse(
            "{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Patient/p\"},"
                + "\"performer\":[{\"reference\":\"Practitioner/d\"},{\"reference\":\"#c\"},"
                + "{\"reference\":\"Patient/p/_history/3\"}],"
                + "\"encounter\":{\"reference\":\"Encounter/e\"}}");
    assertThat(References.localKeys(resource))
        .containsExactly("Patient/p", "Practitioner/d", "Encounter/e");
  }
}
