package health.custodian.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.custodian.access.AuditRecord;
import health.custodian.access.AuditTrail;
import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.testsupport.Http;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditEventSearchTest extends AuditTestSupport {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] AUDITOR = {
    "X-Test-User", "carol", "X-Test-Role", "compliance-auditor"
  };

  @Autowired AuditTrail trail;

  private Http http;

  private static AuditRecord event(
      Instant at,
      Caller who,
      String action,
      String subtype,
      AuditRecord.Outcome outcome,
      String patient,
      String entity,
      boolean emergency) {
    return new AuditRecord(
        at,
        who,
        action,
        subtype,
        outcome,
        outcome == AuditRecord.Outcome.SUCCESS ? null : "gone",
        List.of(entity),
        Set.of(patient),
        subtype.startsWith("search") ? "code=1234-5" : null,
        emergency,
        emergency ? "bg-1" : null);
  }

  @BeforeAll
  void events() {
    http = new Http(fhirBase());
    Caller alice = user("alice", Role.CLINICIAN);
    Caller bob = user("bob", Role.CODER);
    Instant day1 = Instant.parse("2025-03-01T10:00:00Z");
    Instant day2 = Instant.parse("2025-03-02T10:00:00Z");
    trail.record(
        event(day1, alice, "R", "read", AuditRecord.Outcome.SUCCESS, "p1", "Patient/p1", false));
    trail.record(
        event(
            day1,
            alice,
            "E",
            "search-type",
            AuditRecord.Outcome.SUCCESS,
            "p1",
            "Observation/o1",
            false));
    trail.record(
        event(
            day2, bob, "R", "read", AuditRecord.Outcome.MINOR_FAILURE, "p2", "Patient/p2", false));
    trail.record(
        event(
            day2,
            alice,
            "U",
            "update",
            AuditRecord.Outcome.SUCCESS,
            "p2",
            "Patient/p2/_history/2",
            true));
    for (int i = 0; i < 7; i++) {
      trail.record(
          event(
              day2.plusSeconds(i),
              bob,
              "R",
              "vread",
              AuditRecord.Outcome.SUCCESS,
              "p3",
              "Patient/p3/_history/1",
              false));
    }
  }

  private JsonNode search(String query) throws Exception {
    HttpResponse<String> r = http.get("/AuditEvent?" + query, AUDITOR);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode b = JSON.readTree(r.body());
    assertThat(b.path("type").asText()).isEqualTo("searchset");
    return b;
  }

  private static List<String> ids(JsonNode bundle) {
    List<String> ids = new ArrayList<>();
    bundle.path("entry").forEach(e -> ids.add(e.path("resource").path("id").asText()));
    return ids;
  }

  // the fixture events are from 2025; "date=lt2026" keeps out the audit of these very searches
  @Test
  void searchesByPatientAgentActionOutcomeSubtypeAndDate() throws Exception {
    assertThat(ids(search("patient=p1&date=lt2026"))).containsExactly("2", "1");
    assertThat(ids(search("patient=Patient/p2&date=lt2026"))).containsExactly("4", "3");
    assertThat(ids(search("agent=alice&patient=p1,p2"))).containsExactly("4", "2", "1");
    assertThat(ids(search("action=U&date=lt2026"))).containsExactly("4");
    assertThat(ids(search("outcome=4&date=lt2026"))).containsExactly("3");
    assertThat(
            ids(
                search(
                    "subtype=http://hl7.org/fhir/restful-interaction%7Csearch-type&date=lt2026")))
        .containsExactly("2");
    assertThat(ids(search("date=2025-03-01"))).containsExactly("2", "1");
    assertThat(ids(search("date=ge2025-03-02&date=le2025-03-02T10:00:00Z&agent=alice")))
        .containsExactly("4");
    assertThat(ids(search("date=lt2025-03-01T10:00:00Z"))).isEmpty();
  }

  @Test
  void rendersBalpAuditEvents() throws Exception {
    JsonNode ae = search("action=U&date=lt2026").path("entry").get(0).path("resource");
    assertThat(ae.path("resourceType").asText()).isEqualTo("AuditEvent");
    assertThat(ae.path("type").path("code").asText()).isEqualTo("rest");
    assertThat(ae.path("subtype").get(0).path("code").asText()).isEqualTo("update");
    assertThat(ae.path("recorded").asText()).isEqualTo("2025-03-02T10:00:00Z");
    JsonNode agent = ae.path("agent").get(0);
    assertThat(agent.path("who").path("identifier").path("value").asText()).isEqualTo("alice");
    assertThat(agent.path("network").path("address").asText()).isEqualTo("10.0.0.7");
    assertThat(agent.path("purposeOfUse").get(0).path("coding").get(0).path("code").asText())
        .isEqualTo("ETREAT");
    assertThat(ae.path("source").path("observer").path("display").asText()).contains("Custodian");
    assertThat(ae.path("entity").get(0).path("what").path("reference").asText())
        .isEqualTo("Patient/p2");
    assertThat(ae.path("entity").get(0).path("role").path("code").asText()).isEqualTo("1");
    assertThat(ae.path("entity").get(1).path("what").path("reference").asText())
        .isEqualTo("Patient/p2/_history/2");

    HttpResponse<String> one = http.get("/AuditEvent/4", AUDITOR);
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(one.body()).path("id").asText()).isEqualTo("4");
    assertThat(http.get("/AuditEvent/99999", AUDITOR).statusCode()).isEqualTo(404);
  }

  @Test
  void pagesWithCount() throws Exception {
    JsonNode first = search("patient=p3&date=lt2026&_count=3");
    assertThat(ids(first)).containsExactly("11", "10", "9");
    String next = null;
    for (JsonNode l : first.path("link")) {
      if (l.path("relation").asText().equals("next")) {
        next = l.path("url").asText();
      }
    }
    assertThat(next).isNotNull();
    JsonNode second = search(next.substring(next.indexOf('?') + 1));
    assertThat(ids(second)).containsExactly("8", "7", "6");
  }

  @Test
  void refusesOtherRolesWritesAndBadParameters() throws Exception {
    HttpResponse<String> clinician =
        http.get("/AuditEvent", "X-Test-User", "alice", "X-Test-Role", "clinician");
    assertThat(clinician.statusCode()).isEqualTo(403);
    assertThat(clinician.body()).contains("OperationOutcome");
    assertThat(http.get("/AuditEvent").statusCode()).isEqualTo(401);
    assertThat(http.post("/AuditEvent", "{\"resourceType\":\"AuditEvent\"}", AUDITOR).statusCode())
        .isEqualTo(405);
    HttpResponse<String> put =
        http.put("/AuditEvent/1", "{\"resourceType\":\"AuditEvent\"}", AUDITOR);
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.body()).contains("audit-read-only");
    assertThat(http.delete("/AuditEvent/1", AUDITOR).statusCode()).isEqualTo(405);
    assertThat(http.get("/AuditEvent?date=yesterday", AUDITOR).statusCode()).isEqualTo(400);
    assertThat(http.get("/AuditEvent?nonsense=1", AUDITOR).statusCode()).isEqualTo(400);
    assertThat(http.get("/AuditEvent?outcome=3", AUDITOR).statusCode()).isEqualTo(400);
  }

  @Test
  void theAuditSearchIsItselfAudited() throws Exception {
    search("patient=p1&_count=1");
    http.get("/AuditEvent?patient=p2", "X-Test-User", "mallory", "X-Test-Role", "clinician");
    JsonNode own = search("agent=carol&subtype=search-type");
    assertThat(own.path("entry").size()).isGreaterThanOrEqualTo(1);
    JsonNode refused = search("agent=mallory");
    assertThat(refused.path("entry").get(0).path("resource").path("outcome").asText())
        .isEqualTo("4");
    assertThat(verify().intact()).isTrue();
  }
}
