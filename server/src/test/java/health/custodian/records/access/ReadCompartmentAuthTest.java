package health.custodian.records.access;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.AccessRules;
import health.custodian.access.AuditRecord;
import health.custodian.access.Caller;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.TestAccessConfiguration;
import health.custodian.testsupport.TestAccessPolicy;
import health.custodian.testsupport.TestCallers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * The read and vread of a caller limited to some patients (issue #5): a resource is visible when
 * one of its patients (any of its type's Patient compartment parameters, R4 CompartmentDefinition
 * Patient) is one of the caller's, hidden labels still apply, and the audit record names all of the
 * resource's patients. The read's statement tests the compartment on the patients it computes for
 * the audit record; these pin the answers that must not change with it.
 */
@Import(TestAccessConfiguration.class)
class ReadCompartmentAuthTest extends IntegrationTest {

  private static final String RESTRICTED =
      "\"meta\":{\"security\":[{\"system\":"
          + "\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"R\"}]},";

  @Autowired TestAccessPolicy policy;

  @Test
  void aResourceIsVisibleThroughAnyOfItsPatientsAndTheAuditNamesThemAll() {
    Http http = new Http(fhirBase());
    for (String p : List.of("p1", "p2", "p3")) {
      put(http, "Patient/" + p, "{\"resourceType\":\"Patient\",\"id\":\"" + p + "\"}");
    }
    // subject p2, performer p1 (both Patient compartment parameters of Observation)
    put(http, "Observation/both", observation("both", "", "p2", "Patient/p1"));
    put(http, "Observation/other", observation("other", "", "p3", "Patient/p3"));
    put(http, "Observation/labelled", observation("labelled", RESTRICTED, "p1", "Patient/p1"));
    put(http, "Observation/both", observation("both", "", "p2", "Patient/p1"));
    policy.use(
        (caller, interaction, type) ->
            caller.patientId() == null
                ? AccessRules.unrestricted()
                : new AccessRules(
                    true, null, Set.of(caller.patientId()), List.of(), Set.of("R"), false, false));
    Caller p1 = TestCallers.patient("pat-user-1", "p1");
    Caller p2 = TestCallers.patient("pat-user-2", "p2");
    Caller p3 = TestCallers.patient("pat-user-3", "p3");

    audit.clear();
    assertThat(get(http, "/Observation/both", p1).statusCode()).isEqualTo(200);
    AuditRecord read = audit.records().get(0);
    assertThat(read.outcome()).isEqualTo(AuditRecord.Outcome.SUCCESS);
    assertThat(read.patients()).containsExactlyInAnyOrder("p1", "p2");
    assertThat(read.entities()).containsExactly("Observation/both/_history/2");
    assertThat(get(http, "/Observation/both", p2).statusCode()).isEqualTo(200);
    assertThat(get(http, "/Observation/both/_history/1", p1).statusCode()).isEqualTo(200);
    assertThat(get(http, "/Observation/both/_history/1", p2).statusCode()).isEqualTo(200);

    // neither of p3's resources, nor the labelled one, whatever the form of the read
    HttpResponse<String> hidden = get(http, "/Observation/both", p3);
    assertThat(hidden.statusCode()).isEqualTo(404);
    // the answer of a resource that does not exist, but for the id it names
    assertThat(hidden.body())
        .isEqualTo(get(http, "/Observation/nope", p3).body().replace("nope", "both"));
    assertThat(get(http, "/Observation/both/_history/2", p3).statusCode()).isEqualTo(404);
    assertThat(get(http, "/Observation/other", p1).statusCode()).isEqualTo(404);
    assertThat(get(http, "/Observation/other", p3).statusCode()).isEqualTo(200);
    assertThat(get(http, "/Observation/labelled", p1).statusCode()).isEqualTo(404);
    assertThat(get(http, "/Observation/labelled/_history/1", p1).statusCode()).isEqualTo(404);
    assertThat(get(http, "/Patient/p1", p1).statusCode()).isEqualTo(200);
    assertThat(get(http, "/Patient/p2", p1).statusCode()).isEqualTo(404);

    // a deleted resource answers like a missing one to a caller whose rules filter
    assertThat(http.delete("/Observation/other").statusCode()).isIn(200, 204);
    assertThat(get(http, "/Observation/other", p3).statusCode()).isEqualTo(404);
    assertThat(get(http, "/Observation/other", TestCallers.fullAccess()).statusCode())
        .isEqualTo(410);
  }

  private static HttpResponse<String> get(Http http, String path, Caller caller) {
    return http.get(path, TestCallers.header(caller));
  }

  private static void put(Http http, String path, String json) {
    HttpResponse<String> r = http.put("/" + path, json);
    assertThat(r.statusCode()).as(path + " " + r.body()).isIn(200, 201);
  }

  private static String observation(String id, String meta, String subject, String performer) {
    return "{\"resourceType\":\"Observation\",\"id\":\""
        + id
        + "\","
        + meta
        + "\"status\":\"final\",\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/"
        + subject
        + "\"},\"performer\":[{\"reference\":\""
        + performer
        + "\"}]}";
  }
}
