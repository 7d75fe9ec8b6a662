package health.custodian.records.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import health.custodian.testsupport.TestAccessConfiguration;
import health.custodian.testsupport.TestAccessPolicy;
import health.custodian.testsupport.TestCallers;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * The gateway's former known leaks (issue #5): chained parameters, {@code _has} and {@code _list}
 * reach only resources the caller may see; a paging link cannot be continued by a caller with other
 * rules (it carries the first caller's total); AuditEvent never goes through the record store, and
 * the CapabilityStatement says where it is served.
 */
@Import(TestAccessConfiguration.class)
class GatewayLeaksAuthTest extends IntegrationTest {

  private static final String RESTRICTED =
      "\"meta\":{\"security\":[{\"system\":"
          + "\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"R\"}]},";

  @Autowired TestAccessPolicy policy;

  private Http http;

  /** Sees every Observation, but of Patients and Lists only q1's (and q3 without clearance R). */
  private final Caller observations = TestCallers.clinician("obs-user", "Practitioner/x");

  /** May not access Patient at all. */
  private final Caller noPatients = TestCallers.clinician("no-patient-user", "Practitioner/y");

  /** Sees every Patient, but only q1's Observations. */
  private final Caller patients = TestCallers.clinician("pat-list-user", "Practitioner/z");

  private final Caller q1 = TestCallers.patient("q1-user", "q1");

  /** Sees everything unless a Consent denies it to Practitioner/consent-blocked. */
  private final Caller consentBound =
      TestCallers.clinician("consent-user", "Practitioner/consent-blocked");

  @BeforeEach
  void setUp() {
    http = new Http(fhirBase());
    policy.reset();
    if (http.get("/Patient/q1").statusCode() == 404) {
      http.putOk("Patient/q1", patient("q1", "", "Visible"));
      http.putOk("Patient/q2", patient("q2", "", "Secret"));
      http.putOk("Patient/q3", patient("q3", RESTRICTED, "Labelled"));
      http.putOk("Observation/oq1", observation("oq1", "q1", "common"));
      http.putOk("Observation/oq2", observation("oq2", "q2", "secret-code"));
      http.putOk("Observation/oq3", observation("oq3", "q3", "common"));
      http.putOk("List/l1", list("l1", "q1", "Observation/oq1"));
      http.putOk("List/l2", list("l2", "q2", "Observation/oq1"));
    }
    policy.use(
        (caller, interaction, type) -> {
          String id = caller.id();
          if (id.equals(TestCallers.fullAccess().id())) {
            return AccessRules.unrestricted();
          }
          if (id.equals("obs-user") && (type.equals("Patient") || type.equals("List"))) {
            return new AccessRules(
                true, null, Set.of("q1", "q3"), List.of(), Set.of("R"), false, false);
          }
          if (id.equals("no-patient-user") && type.equals("Patient")) {
            return AccessRules.refused("role");
          }
          if (id.equals("pat-list-user") && type.equals("Observation")) {
            return new AccessRules(true, null, Set.of("q1"), List.of(), Set.of(), false, false);
          }
          if (id.equals("consent-user")) {
            return new AccessRules(true, null, null, List.of(), Set.of(), true, false);
          }
          if (caller.hasRole(Role.PATIENT)) {
            return new AccessRules(true, null, Set.of("q1"), List.of(), Set.of(), false, false);
          }
          return AccessRules.unrestricted();
        });
  }

  @Test
  void chainsTestTheTargetTypesRules() {
    // Compartment: q2 is outside the caller's Patients.
    assertThat(ids("/Observation?subject:Patient.name=Secret", observations)).isEmpty();
    assertThat(ids("/Observation?subject.name=Secret", observations)).isEmpty();
    assertThat(total("/Observation?subject:Patient.name=Secret&_total=accurate", observations))
        .isZero();
    assertThat(total("/Observation?subject:Patient.name=Secret&_summary=count", observations))
        .isZero();
    // Labels: q3 is in the compartment list but labelled R, which the caller lacks.
    assertThat(ids("/Observation?subject:Patient.name=Labelled", observations)).isEmpty();
    // What the caller may see still matches.
    assertThat(ids("/Observation?subject:Patient.name=Visible", observations))
        .containsExactly("oq1");
    // A type the caller may not access at all matches nothing.
    assertThat(ids("/Observation?subject:Patient.name=Visible", noPatients)).isEmpty();
    // Full access is unchanged.
    assertThat(ids("/Observation?subject:Patient.name=Secret", TestCallers.fullAccess()))
        .containsExactly("oq2");
  }

  @Test
  void hasTestsTheReferencingTypesRules() {
    assertThat(ids("/Patient?_has:Observation:subject:code=secret-code", patients)).isEmpty();
    assertThat(ids("/Patient?_has:Observation:subject:code=common", patients))
        .containsExactly("q1");
    assertThat(ids("/Patient?_has:Observation:subject:code=common", TestCallers.fullAccess()))
        .containsExactlyInAnyOrder("q1", "q3");
  }

  @Test
  void listsTheCallerMayNotSeeListNothing() {
    assertThat(ids("/Observation?_list=l2", observations)).isEmpty();
    assertThat(ids("/Observation?_list=l1", observations)).containsExactly("oq1");
    assertThat(ids("/Observation?_list=l2", TestCallers.fullAccess())).containsExactly("oq1");
  }

  @Test
  void aPagingLinkCannotBeContinuedByACallerWithOtherRules() {
    for (String query :
        List.of(
            "/Observation?_count=1",
            "/Observation?_count=1&_total=accurate",
            "/Observation?_count=1&_sort=_id&_total=accurate")) {
      HttpResponse<String> first = get(query, TestCallers.fullAccess());
      assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
      String next = link(Json.parse(first.body()), "next");
      assertThat(next).as(query).isNotNull();
      String path = relative(next);
      HttpResponse<String> other = get(path, q1);
      assertThat(other.statusCode()).as(query + " " + other.body()).isEqualTo(400);
      assertThat(code(other)).isEqualTo("invalid-page-token");
      assertThat(other.body()).doesNotContain("\"total\"");
      // The caller who started the search continues it.
      HttpResponse<String> same = get(path, TestCallers.fullAccess());
      assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
    }
  }

  @Test
  void theFirstConsentDenyAppliesAtOnceAfterReadsWithoutAny() {
    // No Consent yet: the gateway leaves the probe out (and caches that the table is empty).
    assertThat(get("/Observation/oq1", consentBound).statusCode()).isEqualTo(200);
    assertThat(ids("/Observation?subject=Patient/q1", consentBound)).containsExactly("oq1");
    http.putOk(
        "Practitioner/consent-blocked",
        "{\"resourceType\":\"Practitioner\",\"id\":\"consent-blocked\"}");
    http.putOk(
        "Consent/deny-q1",
        "{\"resourceType\":\"Consent\",\"id\":\"deny-q1\",\"status\":\"active\","
            + "\"scope\":{\"coding\":[{\"system\":"
            + "\"http://terminology.hl7.org/CodeSystem/consentscope\",\"code\":\"patient-privacy\"}]},"
            + "\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"59284-0\"}]}],"
            + "\"patient\":{\"reference\":\"Patient/q1\"},\"policyRule\":{\"coding\":[{\"system\":"
            + "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"OPTIN\"}]},"
            + "\"provision\":{\"type\":\"deny\",\"actor\":[{\"role\":{\"coding\":[{\"system\":"
            + "\"http://terminology.hl7.org/CodeSystem/v3-ParticipationType\",\"code\":\"PRCP\"}]},"
            + "\"reference\":{\"reference\":\"Practitioner/consent-blocked\"}}]}}");
    try {
      assertThat(get("/Observation/oq1", consentBound).statusCode()).isEqualTo(404);
      assertThat(ids("/Observation?subject=Patient/q1", consentBound)).isEmpty();
      assertThat(get("/Observation/oq2", consentBound).statusCode()).isEqualTo(200);
    } finally {
      assertThat(http.delete("/Consent/deny-q1").statusCode()).isIn(200, 204);
    }
    assertThat(get("/Observation/oq1", consentBound).statusCode()).isEqualTo(200);
  }

  @Test
  void auditEventNeverGoesThroughTheRecordStore() {
    for (String path :
        List.of("/AuditEvent/_history", "/AuditEvent/a1/_history", "/AuditEvent/a1/_history/1")) {
      HttpResponse<String> r = http.get(path);
      assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(405);
      assertThat(code(r)).isEqualTo("audit-no-history");
    }
    String event =
        "{\"resourceType\":\"AuditEvent\",\"type\":{\"system\":"
            + "\"http://dicom.nema.org/resources/ontology/DCM\",\"code\":\"110110\"},"
            + "\"recorded\":\"2024-01-01T00:00:00Z\",\"agent\":[{\"requestor\":true}],"
            + "\"source\":{\"observer\":{\"display\":\"forged\"}}}";
    HttpResponse<String> transaction =
        http.post(
            "",
            "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
                + event
                + ",\"request\":{\"method\":\"POST\",\"url\":\"AuditEvent\"}}]}");
    assertThat(transaction.statusCode()).as(transaction.body()).isEqualTo(405);
    assertThat(code(transaction)).isEqualTo("audit-read-only");
    HttpResponse<String> batch =
        http.post(
            "",
            "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"resource\":"
                + event
                + ",\"request\":{\"method\":\"PUT\",\"url\":\"AuditEvent/forged\"}},"
                + "{\"request\":{\"method\":\"GET\",\"url\":\"AuditEvent/forged\"}}]}");
    assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
    JsonNode entries = Json.parse(batch.body()).path("entry");
    assertThat(entries.get(0).path("response").path("status").asText()).startsWith("405");
    assertThat(entries.get(1).path("response").path("status").asText()).startsWith("405");
    // Compartment searches of the record store do not serve it either.
    HttpResponse<String> compartment = http.get("/Patient/q1/AuditEvent");
    assertThat(compartment.statusCode()).as(compartment.body()).isEqualTo(405);
    assertThat(code(compartment)).isEqualTo("audit-not-in-record-store");
    assertThat(http.get("/_history?_count=1000").body()).doesNotContain("\"AuditEvent\"");
  }

  @Test
  void theCapabilityStatementListsWhatTheAuditModuleServes() {
    JsonNode cs = Json.parse(http.get("/metadata").body());
    JsonNode auditEvent = null;
    JsonNode patient = null;
    for (JsonNode r : cs.path("rest").get(0).path("resource")) {
      if (r.path("type").asText().equals("AuditEvent")) {
        auditEvent = r;
      } else if (r.path("type").asText().equals("Patient")) {
        patient = r;
      }
    }
    assertThat(auditEvent).isNotNull();
    assertThat(codes(auditEvent.path("interaction"), "code"))
        .containsExactlyInAnyOrder("read", "search-type");
    assertThat(codes(auditEvent.path("searchParam"), "name"))
        .contains("patient", "agent", "action", "outcome", "subtype", "date");
    assertThat(patient).isNotNull();
    assertThat(codes(patient.path("operation"), "name")).contains("disclosures", "everything");
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static List<String> codes(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }

  private String relative(String url) {
    URI uri = URI.create(url);
    String path = uri.getRawPath().substring("/fhir".length());
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  private List<String> ids(String path, Caller caller) {
    HttpResponse<String> r = get(path, caller);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    for (JsonNode e : Json.parse(r.body()).path("entry")) {
      JsonNode res = e.path("resource");
      if (!res.path("resourceType").asText().equals("OperationOutcome")) {
        out.add(res.path("id").asText());
      }
    }
    return out;
  }

  private long total(String path, Caller caller) {
    HttpResponse<String> r = get(path, caller);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body()).path("total").asLong();
  }

  private HttpResponse<String> get(String path, Caller caller) {
    return http.get(path, TestCallers.header(caller));
  }

  private static String patient(String id, String extra, String name) {
    return "{\"resourceType\":\"Patient\",\"id\":\""
        + id
        + "\","
        + extra
        + "\"name\":[{\"family\":\""
        + name
        + "\"}]}";
  }

  private static String observation(String id, String patient, String code) {
    return "{\"resourceType\":\"Observation\",\"id\":\""
        + id
        + "\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"urn:test\",\"code\":\""
        + code
        + "\"}]},\"subject\":{\"reference\":\"Patient/"
        + patient
        + "\"}}";
  }

  private static String list(String id, String patient, String item) {
    return "{\"resourceType\":\"List\",\"id\":\""
        + id
        + "\",\"status\":\"current\",\"mode\":\"working\",\"subject\":{\"reference\":\"Patient/"
        + patient
        + "\"},\"entry\":[{\"item\":{\"reference\":\""
        + item
        + "\"}}]}";
  }

  private static String code(HttpResponse<String> r) {
    JsonNode issue = Json.parse(r.body()).path("issue").get(0);
    return issue == null ? "" : issue.path("details").path("coding").get(0).path("code").asText();
  }

  private static String link(JsonNode bundle, String relation) {
    for (JsonNode l : bundle.path("link")) {
      if (l.path("relation").asText().equals(relation)) {
        return l.path("url").asText();
      }
    }
    return null;
  }
}
