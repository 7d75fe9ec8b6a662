package health.custodian.records.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.access.AccessRules;
import health.custodian.access.AuditRecord;
import health.custodian.access.Caller;
import health.custodian.access.Interaction;
import health.custodian.access.Role;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import health.custodian.testsupport.RecordingAuditTrail;
import health.custodian.testsupport.TestAccessConfiguration;
import health.custodian.testsupport.TestAccessPolicy;
import health.custodian.testsupport.TestCallers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * The records gateway (issue #5) against a programmed policy: patients see only their own
 * compartment, labels need clearances, Consent denies apply to clinicians, refusals are 403, and
 * hidden resources never show through reads, searches, totals, paging, includes, history, {@code
 * $everything}, conditional writes or transactions ({@link BulkAuthTest}: exports). Every
 * interaction is audited once.
 */
@Import(TestAccessConfiguration.class)
class GatewayAuthTest extends IntegrationTest {

  private static final String LAB =
      "\"category\":[{\"coding\":[{\"system\":"
          + "\"http://terminology.hl7.org/CodeSystem/observation-category\","
          + "\"code\":\"laboratory\"}]}]";
  private static final String RESTRICTED =
      "\"meta\":{\"security\":[{\"system\":"
          + "\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"R\"}]}";

  @Autowired TestAccessPolicy policy;
  @Autowired RecordingAuditTrail audit;

  private Http http;
  private final Caller p1 = TestCallers.patient("pat-user-1", "p1");

  /** Writes go to p9's record, so that p1's stays as created. */
  private final Caller p9 = TestCallers.patient("pat-user-9", "p9");

  private final Caller clinician = TestCallers.clinician("dr-user", "Practitioner/dr1");
  private final Caller blocked = TestCallers.clinician("blocked-user", "Practitioner/dr-blocked");

  @BeforeEach
  void setUp() {
    http = new Http(fhirBase());
    policy.reset();
    if (http.get("/Patient/p1").statusCode() == 404) {
      createData();
    }
    policy.use(
        (caller, interaction, type) -> {
          if (caller.id().equals(TestCallers.fullAccess().id())) {
            return AccessRules.unrestricted();
          }
          if (caller.hasRole(Role.DATA_ANALYST)) {
            return AccessRules.refused("role");
          }
          if (caller.hasRole(Role.PATIENT) && interaction == Interaction.DELETE) {
            return AccessRules.refused("role");
          }
          Set<String> hidden = new HashSet<>(Set.of("R", "PSY"));
          hidden.removeAll(caller.clearances());
          Set<String> patients = caller.patientId() == null ? null : Set.of(caller.patientId());
          boolean consent = !caller.hasRole(Role.PATIENT);
          return new AccessRules(true, null, patients, List.of(), hidden, consent, false);
        });
    audit.clear();
  }

  private void createData() {
    http.putOk("Practitioner/dr1", "{\"resourceType\":\"Practitioner\",\"id\":\"dr1\"}");
    http.putOk(
        "Practitioner/dr-blocked", "{\"resourceType\":\"Practitioner\",\"id\":\"dr-blocked\"}");
    for (String p : List.of("p1", "p2", "p3", "p4", "p9")) {
      http.putOk(
          "Patient/" + p,
          "{\"resourceType\":\"Patient\",\"id\":\"" + p + "\",\"gender\":\"female\"}");
    }
    http.putOk("Observation/o1", observation("o1", "p1", ""));
    http.putOk("Observation/o2", observation("o2", "p2", ""));
    http.putOk("Observation/o3", observation("o3", "p1", RESTRICTED + ","));
    http.putOk("Observation/o4", observation("o4", "p3", ""));
    http.putOk("Observation/o5", observation("o5", "p4", ""));
    // p2 denies Practitioner/dr-blocked; p3 denies payment purposes; p4's deny has expired.
    http.putOk(
        "Consent/c1", consent("c1", "p2", "\"actor\":[" + actor("Practitioner/dr-blocked") + "]"));
    http.putOk(
        "Consent/c2",
        consent(
            "c2",
            "p3",
            "\"purpose\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActReason\","
                + "\"code\":\"HPAYMT\"}]"));
    http.putOk("Consent/c3", consent("c3", "p4", "\"period\":{\"end\":\"2001-01-01T00:00:00Z\"}"));
  }

  // --- reads -----------------------------------------------------------------------------------

  @Test
  void aPatientReadsOwnRecordAndAnotherPatientsIsNotFoundLikeAMissingOne() {
    assertThat(get("/Patient/p1", p1).statusCode()).isEqualTo(200);
    assertThat(get("/Observation/o1", p1).statusCode()).isEqualTo(200);
    HttpResponse<String> hidden = get("/Observation/o2", p1);
    HttpResponse<String> missing = get("/Observation/nope", p1);
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(Json.issueCode(hidden.body()))
        .isEqualTo(Json.issueCode(missing.body()))
        .isEqualTo("not-found");
    assertThat(get("/Patient/p2", p1).statusCode()).isEqualTo(404);
    assertThat(get("/Observation/o2/_history/1", p1).statusCode()).isEqualTo(404);
    assertThat(get("/Observation/o2", TestCallers.fullAccess()).statusCode()).isEqualTo(200);
  }

  /**
   * Issue #5: "never learn of a resource it may not see ... timing of obvious kinds". A hidden
   * resource (another compartment, a label without clearance, a Consent deny) answers read, vread
   * and instance history with the status, headers and body of an id that does not exist (one of the
   * same length, so that even Content-Length agrees), and both are audited alike.
   */
  @Test
  void aHiddenResourceAnswersByteForByteLikeAMissingOne() {
    record Case(Caller caller, String hidden) {}
    for (Case c : List.of(new Case(p1, "o2"), new Case(clinician, "o3"), new Case(blocked, "o2"))) {
      String missing = "x" + c.hidden().substring(1);
      for (String suffix : List.of("", "/_history/1", "/_history")) {
        audit.clear();
        HttpResponse<String> hidden = get("/Observation/" + c.hidden() + suffix, c.caller());
        HttpResponse<String> absent = get("/Observation/" + missing + suffix, c.caller());
        String what = c.caller().id() + " " + c.hidden() + suffix;
        assertThat(hidden.statusCode()).as(what).isEqualTo(404).isEqualTo(absent.statusCode());
        assertThat(hidden.body().replace("Observation/" + c.hidden(), "Observation/" + missing))
            .as(what)
            .isEqualTo(absent.body());
        assertThat(withoutDate(hidden)).as(what).isEqualTo(withoutDate(absent));
        List<AuditRecord> records = audit.records();
        assertThat(records).as(what).hasSize(2);
        assertThat(records.get(0).outcome()).as(what).isEqualTo(records.get(1).outcome());
        assertThat(records.get(0).detail()).as(what).isEqualTo(records.get(1).detail());
      }
    }
  }

  private static java.util.Map<String, List<String>> withoutDate(HttpResponse<String> r) {
    java.util.Map<String, List<String>> headers = new java.util.TreeMap<>(r.headers().map());
    headers.remove("date");
    return headers;
  }

  @Test
  void searchesTotalsCountsAndPagingShowOnlyVisibleResources() {
    assertThat(total(get("/Observation?_total=accurate", p1))).isEqualTo(1);
    assertThat(total(get("/Observation?_summary=count", p1))).isEqualTo(1);
    assertThat(total(get("/Observation?_id=o1,o2,o3,o4,o5&_total=accurate", fullAccessCaller())))
        .isEqualTo(5);
    JsonNode page = Json.parse(get("/Observation?_count=1", p1).body());
    assertThat(ids(page)).containsExactly("o1");
    assertThat(link(page, "next")).isNull();
    assertThat(ids(Json.parse(get("/Observation?subject=Patient/p2", p1).body()))).isEmpty();
    assertThat(ids(Json.parse(get("/Observation?subject:Patient.gender=female", p1).body())))
        .containsExactly("o1");
    assertThat(ids(Json.parse(get("/Patient?_has:Observation:subject:_id=o2", p1).body())))
        .isEmpty();
    assertThat(ids(Json.parse(get("/Patient/p2/Observation", p1).body()))).isEmpty();
    HttpResponse<String> byPost =
        http.send(
            "POST",
            "/Observation/_search",
            "_id=o1,o2,o3",
            Http.concat(header(p1), "Content-Type", "application/x-www-form-urlencoded"));
    assertThat(ids(Json.parse(byPost.body()))).containsExactly("o1");
  }

  @Test
  void includesAndRevincludesLeaveHiddenResourcesOut() {
    JsonNode rev = Json.parse(get("/Patient?_id=p1,p2&_revinclude=Observation:subject", p1).body());
    assertThat(ids(rev)).containsExactlyInAnyOrder("p1", "o1");
    JsonNode inc = Json.parse(get("/Observation?_id=o1&_include=*", p1).body());
    assertThat(ids(inc)).contains("o1", "p1", "dr1");
    // A clinician sees p2's Observation, but a type it may not search is left out silently.
    policy.use(
        (caller, interaction, type) ->
            type.equals("Practitioner") ? AccessRules.refused("role") : AccessRules.unrestricted());
    JsonNode without = Json.parse(get("/Observation?_id=o1&_include=*", clinician).body());
    assertThat(ids(without)).contains("o1", "p1").doesNotContain("dr1");
  }

  @Test
  void historyAndEverythingOnlyShowTheCallersCompartment() {
    assertThat(get("/Observation/o2/_history", p1).statusCode()).isEqualTo(404);
    JsonNode typeHistory = Json.parse(get("/Observation/_history", p1).body());
    assertThat(typeHistory.path("total").asInt()).isEqualTo(1);
    assertThat(ids(typeHistory)).containsExactly("o1");
    JsonNode system = Json.parse(get("/_history?_count=1000", p1).body());
    assertThat(ids(system)).contains("p1", "o1").doesNotContain("p2", "o2", "o3", "c1");
    JsonNode other = Json.parse(get("/Patient/p2/$everything", p1).body());
    assertThat(other.path("total").asInt()).isZero();
    JsonNode own = Json.parse(get("/Patient/p1/$everything", p1).body());
    assertThat(ids(own)).contains("p1", "o1", "dr1").doesNotContain("o3", "o2");
  }

  @Test
  void labelsNeedAClearance() {
    assertThat(get("/Observation/o3", clinician).statusCode()).isEqualTo(404);
    Caller cleared =
        new Caller(
            "cleared",
            Caller.Kind.USER,
            Set.of(Role.CLINICIAN),
            Set.of(),
            null,
            Set.of(),
            Set.of("R"),
            null,
            null,
            null);
    assertThat(get("/Observation/o3", cleared).statusCode()).isEqualTo(200);
    assertThat(total(get("/Observation?_security=R&_total=accurate", clinician))).isZero();
  }

  @Test
  void consentDenialsApplyByActorPurposeAndPeriod() {
    assertThat(get("/Observation/o2", blocked).statusCode()).isEqualTo(404);
    assertThat(get("/Patient/p2", blocked).statusCode()).isEqualTo(404);
    assertThat(get("/Observation/o2", clinician).statusCode()).isEqualTo(200);
    Caller billing = TestCallers.user("biller", Role.BILLING_SPECIALIST);
    assertThat(get("/Observation/o4", billing).statusCode()).isEqualTo(404);
    assertThat(get("/Observation/o4", clinician).statusCode()).isEqualTo(200);
    assertThat(get("/Observation/o5", billing).statusCode()).isEqualTo(200);
    // Revoking the Consent lifts the denial at once (the derived table follows the write).
    http.putOk(
        "Consent/c1",
        consent("c1", "p2", "\"actor\":[" + actor("Practitioner/dr-blocked") + "]")
            .replace("\"active\"", "\"inactive\""));
    assertThat(get("/Observation/o2", blocked).statusCode()).isEqualTo(200);
    http.putOk(
        "Consent/c1", consent("c1", "p2", "\"actor\":[" + actor("Practitioner/dr-blocked") + "]"));
    assertThat(get("/Observation/o2", blocked).statusCode()).isEqualTo(404);
  }

  @Test
  void everyInteractionIsRefusedWithoutPermission() {
    Caller analyst = TestCallers.user("analyst", Role.DATA_ANALYST);
    assertThat(get("/Observation/o1", analyst).statusCode()).isEqualTo(403);
    assertThat(Json.issueCode(get("/Observation/o1", analyst).body())).isEqualTo("role");
    assertThat(get("/Observation/o1/_history/1", analyst).statusCode()).isEqualTo(403);
    assertThat(get("/Observation?_id=o1", analyst).statusCode()).isEqualTo(403);
    assertThat(get("/Observation/_history", analyst).statusCode()).isEqualTo(403);
    assertThat(get("/Patient/p1/$everything", analyst).statusCode()).isEqualTo(403);
    assertThat(http.post("/Observation", observation(null, "p1", ""), header(analyst)).statusCode())
        .isEqualTo(403);
    assertThat(
            http.put("/Observation/o1", observation("o1", "p1", ""), header(analyst)).statusCode())
        .isEqualTo(403);
    assertThat(http.delete("/Observation/o1", header(analyst)).statusCode()).isEqualTo(403);
    assertThat(
            http.post("/Observation/$validate", observation(null, "p1", ""), header(analyst))
                .statusCode())
        .isEqualTo(403);
    assertThat(
            http.send(
                    "GET",
                    "/$export",
                    null,
                    Http.concat(header(analyst), "Prefer", "respond-async"))
                .statusCode())
        .isEqualTo(403);
    assertThat(get("/Observation/o1", fullAccessCaller()).statusCode()).isEqualTo(200);
  }

  // --- writes ----------------------------------------------------------------------------------

  @Test
  void writesMustStayInsideTheCallersRules() {
    assertThat(http.post("/Observation", observation(null, "p9", ""), header(p9)).statusCode())
        .isEqualTo(201);
    HttpResponse<String> other = http.post("/Observation", observation(null, "p2", ""), header(p9));
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(http.put("/Observation/o2", observation("o2", "p9", ""), header(p9)).statusCode())
        .isEqualTo(404);
    assertThat(http.delete("/Observation/o1", header(p9)).statusCode()).isEqualTo(403);
    HttpResponse<String> labelled =
        http.post("/Observation", observation(null, "p9", RESTRICTED + ","), header(clinician));
    assertThat(labelled.statusCode()).isEqualTo(403);
    assertThat(total(get("/Observation?subject=Patient/p2&_total=accurate", fullAccessCaller())))
        .isEqualTo(1);
  }

  @Test
  void conditionalWritesNeverMatchHiddenResources() {
    // o3 is hidden from the clinician (label R): the condition matches nothing, nothing is deleted.
    assertThat(http.delete("/Observation?_id=o3", header(clinician)).statusCode()).isEqualTo(204);
    assertThat(get("/Observation/o3", fullAccessCaller()).statusCode()).isEqualTo(200);
    // A conditional create whose only match is hidden creates rather than answering the match.
    HttpResponse<String> created =
        http.post(
            "/Observation",
            observation(null, "p9", ""),
            Http.concat(header(clinician), "If-None-Exist", "_id=o3"));
    assertThat(created.statusCode()).isEqualTo(201);
  }

  @Test
  void transactionEntriesAreEachAuthorisedAndAFailedOneLeavesNoSuccessRecord() {
    long before = total(get("/Observation?subject=Patient/p9&_total=accurate", fullAccessCaller()));
    audit.clear();
    String bundle =
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
            + entry(observation(null, "p9", ""))
            + ","
            + entry(observation(null, "p2", ""))
            + "]}";
    HttpResponse<String> r = http.post("", bundle, header(p9));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(total(get("/Observation?subject=Patient/p9&_total=accurate", fullAccessCaller())))
        .isEqualTo(before);
    List<AuditRecord> tx = subtype("transaction");
    assertThat(tx).hasSize(1);
    assertThat(tx.get(0).outcome()).isEqualTo(AuditRecord.Outcome.MINOR_FAILURE);
    String read =
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"request\":"
            + "{\"method\":\"GET\",\"url\":\"Observation/o2\"}}]}";
    assertThat(http.post("", read, header(p9)).statusCode()).isEqualTo(404);
    String ok =
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
            + entry(observation(null, "p9", ""))
            + "]}";
    assertThat(http.post("", ok, header(p9)).statusCode()).isEqualTo(200);
    assertThat(subtype("transaction").get(2).outcome()).isEqualTo(AuditRecord.Outcome.SUCCESS);
    assertThat(subtype("transaction").get(2).patients()).containsExactly("p9");
  }

  // --- audit -----------------------------------------------------------------------------------

  @Test
  void everyInteractionIsAuditedExactlyOnceWithPatientsAndOutcome() {
    get("/Observation/o1", p1);
    assertThat(audit.records()).hasSize(1);
    AuditRecord read = audit.records().get(0);
    assertThat(read.action()).isEqualTo("R");
    assertThat(read.subtype()).isEqualTo("read");
    assertThat(read.outcome()).isEqualTo(AuditRecord.Outcome.SUCCESS);
    assertThat(read.entities()).containsExactly("Observation/o1/_history/1");
    assertThat(read.patients()).containsExactly("p1");
    assertThat(read.caller().id()).isEqualTo("pat-user-1");

    audit.clear();
    get("/Observation/o2", p1);
    assertThat(audit.records()).hasSize(1);
    assertThat(audit.records().get(0).outcome()).isEqualTo(AuditRecord.Outcome.MINOR_FAILURE);
    assertThat(audit.records().get(0).detail()).isEqualTo("not-found");

    audit.clear();
    get("/Observation?_include=Observation:subject", clinician);
    assertThat(audit.records()).hasSize(1);
    AuditRecord search = audit.records().get(0);
    assertThat(search.subtype()).isEqualTo("search-type");
    assertThat(search.query()).isEqualTo("_include=Observation:subject");
    assertThat(search.entities()).contains("Observation/o1/_history/1", "Patient/p2/_history/1");
    assertThat(search.patients()).contains("p1", "p2").doesNotContain("p4x");

    audit.clear();
    http.post("/Observation", observation(null, "p9", ""), header(p9));
    assertThat(audit.records()).hasSize(1);
    assertThat(audit.records().get(0).action()).isEqualTo("C");
    assertThat(audit.records().get(0).patients()).containsExactly("p9");

    audit.clear();
    http.post("/Observation", "{not json", header(p1));
    assertThat(audit.records()).hasSize(1);
    assertThat(audit.records())
        .allSatisfy(r -> assertThat(r.outcome()).isNotEqualTo(AuditRecord.Outcome.SUCCESS));
  }

  // --- helpers ---------------------------------------------------------------------------------

  private List<AuditRecord> subtype(String subtype) {
    return audit.records().stream().filter(r -> r.subtype().equals(subtype)).toList();
  }

  private static Caller fullAccessCaller() {
    return TestCallers.fullAccess();
  }

  private HttpResponse<String> get(String path, Caller caller) {
    return http.get(path, header(caller));
  }

  private static String[] header(Caller caller) {
    return TestCallers.header(caller);
  }

  private static String observation(String id, String patient, String extra) {
    return "{\"resourceType\":\"Observation\","
        + (id == null ? "" : "\"id\":\"" + id + "\",")
        + extra
        + "\"status\":\"final\","
        + LAB
        + ",\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/"
        + patient
        + "\"},\"performer\":[{\"reference\":\"Practitioner/dr1\"}]}";
  }

  private static String actor(String reference) {
    return "{\"role\":{\"coding\":[{\"system\":"
        + "\"http://terminology.hl7.org/CodeSystem/v3-ParticipationType\",\"code\":\"PRCP\"}]},"
        + "\"reference\":{\"reference\":\""
        + reference
        + "\"}}";
  }

  private static String consent(String id, String patient, String provision) {
    return "{\"resourceType\":\"Consent\",\"id\":\""
        + id
        + "\",\"status\":\"active\",\"scope\":{\"coding\":[{\"system\":"
        + "\"http://terminology.hl7.org/CodeSystem/consentscope\",\"code\":\"patient-privacy\"}]},"
        + "\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"59284-0\"}]}],"
        + "\"patient\":{\"reference\":\"Patient/"
        + patient
        + "\"},\"policyRule\":{\"coding\":[{\"system\":"
        + "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"OPTIN\"}]},"
        + "\"provision\":{\"type\":\"deny\""
        + (provision.isEmpty() ? "" : "," + provision)
        + "}}";
  }

  private static String entry(String resource) {
    return "{\"resource\":"
        + resource
        + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}";
  }

  private static long total(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body()).path("total").asLong();
  }

  private static List<String> ids(JsonNode bundle) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : bundle.path("entry")) {
      JsonNode res = e.path("resource");
      if (!res.path("resourceType").asText().equals("OperationOutcome")) {
        out.add(res.path("id").asText());
      }
    }
    return out;
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
