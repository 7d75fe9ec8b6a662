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
 * Bulk Data jobs behind the same authorization as the data (issues #4 and #5): an export runs with
 * its kick-off caller's rules, and only that caller, while still permitted to export every type,
 * may poll the job, cancel it or fetch its files (IG v2.0.0, "Privacy and Security
 * Considerations"); anyone else is answered as for an unknown job, and the refusal is audited.
 * Uploads for {@code $import} need the right to import.
 */
@Import(TestAccessConfiguration.class)
class BulkAuthTest extends IntegrationTest {

  private static final String ASYNC = "respond-async";

  @Autowired TestAccessPolicy policy;
  @Autowired RecordingAuditTrail audit;

  private Http http;
  private final Caller p1 = TestCallers.patient("pat-user-1", "p1");
  private final Caller p2 = TestCallers.patient("pat-user-2", "p2");
  private final Caller analyst = TestCallers.user("analyst", Role.DATA_ANALYST);

  @BeforeEach
  void setUp() {
    http = new Http(fhirBase());
    policy.reset();
    if (http.get("/Patient/p1").statusCode() == 404) {
      for (String p : List.of("p1", "p2")) {
        http.putOk("Patient/" + p, "{\"resourceType\":\"Patient\",\"id\":\"" + p + "\"}");
      }
      http.putOk("Observation/o1", Json.observation("o1", "p1"));
      http.putOk("Observation/o2", Json.observation("o2", "p2"));
    }
    policy.use(
        (caller, interaction, type) -> {
          if (caller.id().equals(TestCallers.fullAccess().id())) {
            return AccessRules.unrestricted();
          }
          if (caller.hasRole(Role.DATA_ANALYST)) {
            return AccessRules.refused("role");
          }
          Set<String> patients = caller.patientId() == null ? null : Set.of(caller.patientId());
          return new AccessRules(true, null, patients, List.of(), Set.of(), false, false);
        });
    audit.clear();
  }

  @Test
  void anExportSeesOnlyWhatItsKickOffCallerMaySee() throws Exception {
    String status = kickOff(p1, "/Patient/$export?_type=Observation");
    JsonNode manifest = await(status, p1);
    List<String> exported = new ArrayList<>();
    for (JsonNode out : manifest.path("output")) {
      exported.addAll(lines(get(path(out.path("url").asText()), p1)));
    }
    assertThat(exported).containsExactly("o1");
  }

  @Test
  void onlyTheKickOffCallerFollowsTheJobAndFetchesItsFiles() throws Exception {
    String status = kickOff(p1, "/Patient/$export?_type=Observation");
    JsonNode manifest = await(status, p1);
    String file = path(manifest.path("output").get(0).path("url").asText());
    assertThat(lines(get(file, p1))).containsExactly("o1");
    String unknown = "/$bulk-status/00000000-0000-0000-0000-000000000000";
    HttpResponse<String> missing = get(unknown, p1);
    assertThat(missing.statusCode()).isEqualTo(404);
    audit.clear();

    // Another patient, a caller who may export nothing, and even one who may see everything:
    // the file holds what p1 could see, and the job is not theirs. They are told what an unknown
    // job's caller is told.
    for (Caller other : List.of(p2, analyst, TestCallers.fullAccess())) {
      HttpResponse<String> poll = get(status, other);
      assertThat(poll.statusCode()).as(other.id()).isEqualTo(404);
      assertThat(Json.issueCode(poll.body()))
          .isEqualTo(Json.issueCode(missing.body()))
          .isEqualTo("unknown-bulk-job");
      HttpResponse<String> download = get(file, other);
      assertThat(download.statusCode()).as(other.id()).isEqualTo(404);
      assertThat(download.body()).doesNotContain("o1");
      assertThat(http.delete(status, header(other)).statusCode()).isEqualTo(404);
    }
    // Each refused request is audited as a failure.
    assertThat(audit.records()).hasSize(9);
    assertThat(audit.records())
        .allSatisfy(r -> assertThat(r.outcome()).isNotEqualTo(AuditRecord.Outcome.SUCCESS));

    // The job survived the attempts to cancel it; its caller still has it.
    assertThat(get(status, p1).statusCode()).isEqualTo(200);
    assertThat(get(file, p1).statusCode()).isEqualTo(200);
  }

  @Test
  void aCallerWhoMayNoLongerExportTheTypesLosesTheJob() throws Exception {
    String status = kickOff(p1, "/Patient/$export?_type=Observation");
    JsonNode manifest = await(status, p1);
    String file = path(manifest.path("output").get(0).path("url").asText());
    policy.use(
        (caller, interaction, type) ->
            interaction == Interaction.EXPORT && type.equals("Observation")
                ? AccessRules.refused("scope")
                : new AccessRules(true, null, Set.of("p1"), List.of(), Set.of(), false, false));
    assertThat(get(status, p1).statusCode()).isEqualTo(404);
    assertThat(get(file, p1).statusCode()).isEqualTo(404);
    assertThat(http.delete(status, header(p1)).statusCode()).isEqualTo(404);
  }

  @Test
  void associatedProvenanceIsTheCallersOnlyAndNeedsTheRightToExportIt() throws Exception {
    // o1's latest Provenance names p2, not p1: p1 may not see it and gets the one before.
    http.putOk("Provenance/pa", provenance("pa", "2020-01-01T00:00:00Z", "p1", "o1"));
    http.putOk("Provenance/pb", provenance("pb", "2024-01-01T00:00:00Z", "p2", "o1"));
    http.putOk("Provenance/pc", provenance("pc", "2020-01-01T00:00:00Z", "p2", "o2"));
    String query = "?_type=Observation&includeAssociatedData=LatestProvenanceResources";
    JsonNode mine = await(kickOff(p1, "/Patient/$export" + query), p1);
    assertThat(files(mine, p1, "Observation")).containsExactly("o1");
    assertThat(files(mine, p1, "Provenance")).containsExactly("pa");
    Caller all = TestCallers.fullAccess();
    JsonNode everything = await(kickOff(all, "/$export" + query), all);
    assertThat(files(everything, all, "Provenance")).containsExactlyInAnyOrder("pb", "pc");

    policy.use(
        (caller, interaction, type) ->
            interaction == Interaction.EXPORT && type.equals("Provenance")
                ? AccessRules.refused("scope")
                : new AccessRules(true, null, Set.of("p1"), List.of(), Set.of(), false, false));
    HttpResponse<String> refused =
        http.get("/Patient/$export" + query, Http.concat(header(p1), "Prefer", ASYNC));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(kickOff(p1, "/Patient/$export?_type=Observation")).isNotNull();
  }

  private static String provenance(String id, String recorded, String patient, String obs) {
    return "{\"resourceType\":\"Provenance\",\"id\":\""
        + id
        + "\",\"target\":[{\"reference\":\"Observation/"
        + obs
        + "\"},{\"reference\":\"Patient/"
        + patient
        + "\"}],\"recorded\":\""
        + recorded
        + "\",\"agent\":[{\"who\":{\"reference\":\"Patient/"
        + patient
        + "\"}}]}";
  }

  private List<String> files(JsonNode manifest, Caller caller, String type) {
    List<String> ids = new ArrayList<>();
    for (JsonNode out : manifest.path("output")) {
      if (out.path("type").asText().equals(type)) {
        ids.addAll(lines(get(path(out.path("url").asText()), caller)));
      }
    }
    return ids;
  }

  @Test
  void anImportIsFollowedByItsKickOffCallerOnly() throws Exception {
    HttpResponse<String> up =
        http.send(
            "POST",
            "/$import-upload",
            "{\"resourceType\":\"Patient\",\"id\":\"p7\"}\n",
            Http.concat(header(p1), "Content-Type", "application/fhir+ndjson"));
    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    String url = Json.parse(up.body()).path("parameter").get(0).path("valueUrl").asText();
    String body =
        "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"input\",\"part\":["
            + "{\"name\":\"type\",\"valueCode\":\"Patient\"},"
            + "{\"name\":\"url\",\"valueUri\":\""
            + url
            + "\"}]}]}";
    // An upload is its uploader's: another caller who may import gets the answer for an upload
    // that does not exist, and nothing is imported
    HttpResponse<String> stolen =
        http.post("/$import", body, Http.concat(header(p2), "Prefer", ASYNC));
    assertThat(stolen.statusCode()).as(stolen.body()).isEqualTo(400);
    assertThat(Json.issueCode(stolen.body())).isEqualTo("unknown-upload");
    assertThat(http.get("/Patient/p7").statusCode()).isEqualTo(404);
    HttpResponse<String> kick =
        http.post("/$import", body, Http.concat(header(p1), "Prefer", ASYNC));
    assertThat(kick.statusCode()).as(kick.body()).isEqualTo(202);
    String status = path(kick.headers().firstValue("Content-Location").orElseThrow());
    assertThat(get(status, p2).statusCode()).isEqualTo(404);
    assertThat(get(status, TestCallers.fullAccess()).statusCode()).isEqualTo(404);
    JsonNode manifest = await(status, p1);
    assertThat(manifest.path("output").get(0).path("count").asInt()).isEqualTo(1);
  }

  @Test
  void uploadsNeedTheRightToImport() {
    HttpResponse<String> refused =
        http.send(
            "POST",
            "/$import-upload",
            "{\"resourceType\":\"Patient\",\"id\":\"x\"}\n",
            Http.concat(header(analyst), "Content-Type", "application/fhir+ndjson"));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(Json.issueCode(refused.body())).isEqualTo("role");
    assertThat(audit.records()).hasSize(1);
    assertThat(audit.records().get(0).outcome()).isNotEqualTo(AuditRecord.Outcome.SUCCESS);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private String kickOff(Caller caller, String path) {
    HttpResponse<String> kick = http.get(path, Http.concat(header(caller), "Prefer", ASYNC));
    assertThat(kick.statusCode()).as(kick.body()).isEqualTo(202);
    return path(kick.headers().firstValue("Content-Location").orElseThrow());
  }

  private JsonNode await(String status, Caller caller) throws InterruptedException {
    HttpResponse<String> done = null;
    for (int i = 0; i < 600; i++) {
      done = get(status, caller);
      if (done.statusCode() != 202) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    return Json.parse(done.body());
  }

  private static List<String> lines(HttpResponse<String> file) {
    assertThat(file.statusCode()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (String line : file.body().split("\n")) {
      if (!line.isBlank()) {
        ids.add(Json.parse(line).path("id").asText());
      }
    }
    return ids;
  }

  /** A URL the server gave, as a path below the FHIR base (for {@link Http}). */
  private static String path(String url) {
    return URI.create(url).getPath().substring("/fhir".length());
  }

  private HttpResponse<String> get(String path, Caller caller) {
    return http.get(path, header(caller));
  }

  private static String[] header(Caller caller) {
    return TestCallers.header(caller);
  }
}
