package health.custodian.records.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import health.custodian.testsupport.TestCallers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMART App Launch 2.x granular scopes ("Scopes and Launch Context", {@code
 * patient/Observation.rs?category=laboratory}) enforced server-side, end to end: real tokens, the
 * product's policy (docs/security.md, "SMART scopes and roles") and the gateway's filters. A
 * resource outside the scope's query answers like a missing one and never shows through searches,
 * {@code _total} or {@code _revinclude}.
 */
class GranularScopeAuthTest extends IntegrationTest {

  private static final String LAB = "laboratory";
  private static final String VITALS = "vital-signs";

  /** A patient user whose app may read only the patient's laboratory results (and the Patient). */
  private final Caller labApp =
      new Caller(
          "gs-pat-user",
          Caller.Kind.USER,
          Set.of(Role.PATIENT),
          Set.of("patient/Observation.rs?category=" + LAB, "patient/Patient.rs"),
          "gs1",
          Set.of("Patient/gs1"),
          Set.of(),
          null,
          null,
          null);

  /** A backend service allowed laboratory results of every patient, nothing else. */
  private final Caller labFeed =
      new Caller(
          "gs-lab-feed",
          Caller.Kind.CLIENT,
          Set.of(),
          Set.of("system/Observation.rs?category=" + LAB),
          null,
          Set.of(),
          Set.of(),
          null,
          null,
          null);

  private Http http;

  @BeforeEach
  void setUp() {
    http = new Http(fhirBase());
    if (http.get("/Patient/gs1").statusCode() == 404) {
      http.putOk("Patient/gs1", "{\"resourceType\":\"Patient\",\"id\":\"gs1\"}");
      http.putOk("Patient/gs2", "{\"resourceType\":\"Patient\",\"id\":\"gs2\"}");
      http.putOk("Observation/gs-lab1", observation("gs-lab1", "gs1", LAB));
      http.putOk("Observation/gs-vital1", observation("gs-vital1", "gs1", VITALS));
      http.putOk("Observation/gs-lab2", observation("gs-lab2", "gs2", LAB));
    }
  }

  @Test
  void aPatientAppReadsOnlyTheResourcesItsGranularScopeMatches() {
    assertThat(get("/Observation/gs-lab1", labApp).statusCode()).isEqualTo(200);
    HttpResponse<String> vital = get("/Observation/gs-vital1", labApp);
    HttpResponse<String> missing = get("/Observation/gs-no-such", labApp);
    assertThat(vital.statusCode()).isEqualTo(404);
    assertThat(Json.issueCode(vital.body()))
        .isEqualTo(Json.issueCode(missing.body()))
        .isEqualTo("not-found");
    // Another patient's laboratory result: outside the patient context.
    assertThat(get("/Observation/gs-lab2", labApp).statusCode()).isEqualTo(404);

    JsonNode all = search("/Observation?_total=accurate", labApp);
    assertThat(ids(all, "match")).containsExactly("gs-lab1");
    assertThat(all.path("total").asInt()).isEqualTo(1);
    assertThat(ids(search("/Observation?category=" + VITALS, labApp), "match")).isEmpty();
    assertThat(search("/Observation?_summary=count", labApp).path("total").asInt()).isEqualTo(1);
    JsonNode rev = search("/Patient?_id=gs1&_revinclude=Observation:subject", labApp);
    assertThat(ids(rev, "match")).containsExactly("gs1");
    assertThat(ids(rev, "include")).containsExactly("gs-lab1");
    // The scope grants no other type, even in the patient's own compartment.
    assertThat(get("/Condition?patient=gs1", labApp).statusCode()).isEqualTo(403);
  }

  @Test
  void aBackendServiceSeesTheScopesCategoryAcrossPatientsAndNothingElse() {
    JsonNode found = search("/Observation?_id=gs-lab1,gs-vital1,gs-lab2&_total=accurate", labFeed);
    assertThat(ids(found, "match")).containsExactlyInAnyOrder("gs-lab1", "gs-lab2");
    assertThat(found.path("total").asInt()).isEqualTo(2);
    assertThat(get("/Observation/gs-vital1", labFeed).statusCode()).isEqualTo(404);
    assertThat(get("/Observation/gs-lab2", labFeed).statusCode()).isEqualTo(200);
    assertThat(get("/Patient/gs1", labFeed).statusCode()).isEqualTo(403);
    // The unfiltered caller still sees the vital signs: the filter is the scope's, not the data's.
    assertThat(http.get("/Observation/gs-vital1").statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> get(String path, Caller caller) {
    return http.get(path, TestCallers.header(caller));
  }

  private JsonNode search(String path, Caller caller) {
    HttpResponse<String> r = get(path, caller);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    return Json.parse(r.body());
  }

  private static List<String> ids(JsonNode bundle, String mode) {
    List<String> ids = new ArrayList<>();
    for (JsonNode e : bundle.path("entry")) {
      if (e.path("search").path("mode").asText("match").equals(mode)) {
        ids.add(e.path("resource").path("id").asText());
      }
    }
    return ids;
  }

  private static String observation(String id, String patient, String category) {
    return "{\"resourceType\":\"Observation\",\"id\":\""
        + id
        + "\",\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":"
        + "\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\""
        + category
        + "\"}]}],\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/"
        + patient
        + "\"}}";
  }
}
