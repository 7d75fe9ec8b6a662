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

/** The accounting of disclosures: what counts, the window, Bundle and CSV. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DisclosuresTest extends AuditTestSupport {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] AUDITOR = {
    "X-Test-User", "carol", "X-Test-Role", "compliance-auditor"
  };

  @Autowired AuditTrail trail;

  private Http http;

  private static Caller client(String id) {
    return new Caller(
        id,
        Caller.Kind.CLIENT,
        Set.of(),
        Set.of("system/*.rs"),
        null,
        Set.of(),
        Set.of(),
        null,
        "192.0.2.1",
        null);
  }

  private void event(
      String at,
      Caller who,
      String subtype,
      AuditRecord.Outcome outcome,
      String patient,
      boolean emergency) {
    event(at, who, "R", subtype, outcome, patient, emergency);
  }

  private void event(
      String at,
      Caller who,
      String action,
      String subtype,
      AuditRecord.Outcome outcome,
      String patient,
      boolean emergency) {
    trail.record(
        new AuditRecord(
            Instant.parse(at),
            who,
            action,
            subtype,
            outcome,
            null,
            List.of("Observation/x-" + patient),
            Set.of(patient),
            null,
            emergency,
            emergency ? "bg-7" : null));
  }

  @BeforeAll
  void events() {
    http = new Http(fhirBase());
    Caller clinician = user("alice", Role.CLINICIAN);
    // 1: treatment by the workforce: not a disclosure
    event("2024-01-10T09:00:00Z", clinician, "read", AuditRecord.Outcome.SUCCESS, "p1", false);
    // 2: an external application (backend client) read it: a disclosure
    event(
        "2024-02-10T09:00:00Z",
        client("insurer-app"),
        "read",
        AuditRecord.Outcome.SUCCESS,
        "p1",
        false);
    // 3: a refused client access disclosed nothing
    event(
        "2024-02-11T09:00:00Z",
        client("insurer-app"),
        "read",
        AuditRecord.Outcome.MINOR_FAILURE,
        "p1",
        false);
    // 4: break-glass access: a disclosure
    event("2024-03-10T09:00:00Z", clinician, "read", AuditRecord.Outcome.SUCCESS, "p1", true);
    // 5: bulk export by a workforce user: a disclosure
    event(
        "2024-04-10T09:00:00Z",
        user("dan", Role.DATA_ANALYST),
        "export",
        AuditRecord.Outcome.SUCCESS,
        "p1",
        false);
    // 6: another patient's disclosure
    event(
        "2024-02-10T10:00:00Z",
        client("insurer-app"),
        "read",
        AuditRecord.Outcome.SUCCESS,
        "p2",
        false);
    // 7: seven years ago: outside any six-year window ending now
    event(
        "2017-01-01T00:00:00Z",
        client("old-app"),
        "read",
        AuditRecord.Outcome.SUCCESS,
        "p1",
        false);
    // 8 and 9: an interface (backend client) that writes the patient's results sends data to the
    // server and discloses nothing, under break-glass neither
    event(
        "2024-02-12T09:00:00Z",
        client("lab-interface"),
        "C",
        "create",
        AuditRecord.Outcome.SUCCESS,
        "p1",
        false);
    event(
        "2024-02-13T09:00:00Z", clinician, "U", "update", AuditRecord.Outcome.SUCCESS, "p1", true);
  }

  private static List<String> ids(JsonNode bundle) {
    List<String> ids = new ArrayList<>();
    bundle.path("entry").forEach(e -> ids.add(e.path("resource").path("id").asText()));
    return ids;
  }

  @Test
  void listsOnlyDisclosuresOfThePatientInTheWindow() throws Exception {
    HttpResponse<String> r = http.get("/Patient/p1/$disclosures", AUDITOR);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(ids(JSON.readTree(r.body()))).containsExactly("2", "4", "5");
    HttpResponse<String> window =
        http.get("/Patient/p1/$disclosures?start=2024-02-01&end=2024-03-10", AUDITOR);
    assertThat(ids(JSON.readTree(window.body()))).containsExactly("2", "4");
    HttpResponse<String> old =
        http.get("/Patient/p1/$disclosures?start=2016-06-01&end=2022-01-01", AUDITOR);
    assertThat(ids(JSON.readTree(old.body()))).containsExactly("7");
  }

  @Test
  void answersCsvWithDateRecipientDescriptionAndPurpose() throws Exception {
    HttpResponse<String> r =
        http.get(
            "/Patient/p1/$disclosures?start=2024-01-01&end=2024-12-31",
            "Accept",
            "text/csv",
            AUDITOR[0],
            AUDITOR[1],
            AUDITOR[2],
            AUDITOR[3]);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    String[] lines = r.body().split("\r\n");
    assertThat(lines[0]).isEqualTo("date,recipient,recipient_type,description,purpose,audit_event");
    assertThat(lines).hasSize(4);
    assertThat(lines[1])
        .isEqualTo(
            "2024-02-10T09:00:00Z,insurer-app,client,read Observation/x-p1,"
                + "release to external application,AuditEvent/2");
    assertThat(lines[2]).contains("alice,user").contains("break-glass bg-7");
    assertThat(lines[3]).contains("dan,user,export").contains("bulk data export");
    HttpResponse<String> byFormat = http.get("/Patient/p2/$disclosures?_format=text/csv", AUDITOR);
    assertThat(byFormat.body().split("\r\n")).hasSize(2);
  }

  @Test
  void refusesWindowsOverSixYearsAndOtherRoles() throws Exception {
    assertThat(
            http.get("/Patient/p1/$disclosures?start=2010-01-01&end=2024-01-01", AUDITOR)
                .statusCode())
        .isEqualTo(400);
    assertThat(
            http.get("/Patient/p1/$disclosures?start=2024-01-01&end=2023-01-01", AUDITOR)
                .statusCode())
        .isEqualTo(400);
    assertThat(
            http.get("/Patient/p1/$disclosures", "X-Test-User", "alice", "X-Test-Role", "clinician")
                .statusCode())
        .isEqualTo(403);
  }
}
