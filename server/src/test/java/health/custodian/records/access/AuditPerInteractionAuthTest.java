package health.custodian.records.access;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.AccessRules;
import health.custodian.access.AuditRecord;
import health.custodian.access.Caller;
import health.custodian.access.Interaction;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import health.custodian.testsupport.RecordingAuditTrail;
import health.custodian.testsupport.TestAccessConfiguration;
import health.custodian.testsupport.TestAccessPolicy;
import health.custodian.testsupport.TestCallers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * Issue #5, "Audit": every FHIR interaction writes exactly one audit record, successful and refused
 * attempts both, with its action, subtype, outcome and the patient concerned. One request at a
 * time, each checked on its own: create, read, vread, update, patch, delete, instance, type and
 * system history, search, {@code $everything}, an operation ({@code $validate}), a transaction, the
 * Bulk Data export and import kick-offs.
 */
@Import(TestAccessConfiguration.class)
class AuditPerInteractionAuthTest extends IntegrationTest {

  private static final String JSON = "application/fhir+json";

  @Autowired TestAccessPolicy policy;
  @Autowired RecordingAuditTrail audit;

  /** Bound to ai1's compartment; may do everything there except delete. */
  private final Caller owner = TestCallers.patient("ai-user", "ai1");

  /** Refused every interaction. */
  private final Caller refused = TestCallers.patient("ai-refused", "ai1");

  private Http http;

  @BeforeEach
  void setUp() {
    http = new Http(fhirBase());
    policy.reset();
    if (http.get("/Patient/ai1").statusCode() == 404) {
      assertThat(
              http.put("/Patient/ai1", "{\"resourceType\":\"Patient\",\"id\":\"ai1\"}")
                  .statusCode())
          .isIn(200, 201);
    }
    policy.use(
        (caller, interaction, type) -> {
          if (caller.id().equals(refused.id())
              || (caller.id().equals(owner.id()) && interaction == Interaction.DELETE)) {
            return AccessRules.refused("role");
          }
          if (caller.id().equals(owner.id())) {
            return new AccessRules(true, null, Set.of("ai1"), List.of(), Set.of(), false, false);
          }
          return AccessRules.unrestricted();
        });
  }

  @Test
  void everyInteractionWritesExactlyOneRecordWhetherItSucceedsOrIsRefused() {
    String obs = observation();
    String id =
        one(
            () -> http.post("/Observation", obs, TestCallers.header(owner)),
            201,
            "C",
            "create",
            AuditRecord.Outcome.SUCCESS,
            "ai1");
    String path = "/Observation/" + id;
    one(() -> get(path, owner), 200, "R", "read", AuditRecord.Outcome.SUCCESS, "ai1");
    one(() -> get(path + "/_history/1", owner), 200, "R", "vread", AuditRecord.Outcome.SUCCESS);
    one(
        () -> http.put(path, obs.replaceFirst("\\{", "{\"id\":\"" + id + "\","), header(owner)),
        200,
        "U",
        "update",
        AuditRecord.Outcome.SUCCESS,
        "ai1");
    one(
        () ->
            http.send(
                "PATCH",
                path,
                "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"amended\"}]",
                Http.concat(header(owner), "Content-Type", "application/json-patch+json")),
        200,
        "U",
        "patch",
        AuditRecord.Outcome.SUCCESS,
        "ai1");
    one(
        () -> get(path + "/_history", owner),
        200,
        "R",
        "history-instance",
        AuditRecord.Outcome.SUCCESS);
    one(
        () -> get("/Observation/_history", owner),
        200,
        "R",
        "history-type",
        AuditRecord.Outcome.SUCCESS);
    one(() -> get("/_history", owner), 200, "R", "history-system", AuditRecord.Outcome.SUCCESS);
    one(
        () -> get("/Observation?subject=Patient/ai1", owner),
        200,
        "R",
        "search-type",
        AuditRecord.Outcome.SUCCESS,
        "ai1");
    one(
        () -> get("/Patient/ai1/$everything", owner),
        200,
        "R",
        "operation",
        AuditRecord.Outcome.SUCCESS,
        "ai1");
    one(
        () ->
            http.send(
                "POST",
                "/Observation/$validate",
                obs,
                Http.concat(header(owner), "Content-Type", JSON)),
        200,
        "E",
        "operation",
        AuditRecord.Outcome.SUCCESS);
    one(
        () -> http.post("", transaction(obs), header(owner)),
        200,
        "E",
        "transaction",
        AuditRecord.Outcome.SUCCESS,
        "ai1");
    one(
        () ->
            http.send(
                "GET",
                "/Patient/$export?_type=Observation",
                null,
                Http.concat(header(owner), "Prefer", "respond-async")),
        202,
        "E",
        "export",
        AuditRecord.Outcome.SUCCESS);
    // Refused: the delete the owner may not do, and every interaction of a caller with no rights.
    one(() -> http.delete(path, header(owner)), 403, "D", "delete", minor());
    one(() -> get(path, refused), 403, "R", "read", minor());
    one(() -> get(path + "/_history/1", refused), 403, "R", "vread", minor());
    one(() -> http.post("/Observation", obs, header(refused)), 403, "C", "create", minor());
    one(() -> get("/Observation", refused), 403, "R", "search-type", minor());
    one(() -> get("/Patient/ai1/$everything", refused), 403, "R", "operation", minor());
    HttpResponse<String> upload =
        http.send("POST", "/$import-upload", obs + "\n", "Content-Type", "application/fhir+ndjson");
    assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
    String url = Json.parse(upload.body()).path("parameter").get(0).path("valueUrl").asText();
    one(
        () ->
            http.send(
                "POST",
                "/$import",
                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"input\",\"part\":["
                    + "{\"name\":\"type\",\"valueCode\":\"Observation\"},{\"name\":\"url\","
                    + "\"valueUrl\":\""
                    + url
                    + "\"}]}]}",
                Http.concat(header(refused), "Prefer", "respond-async", "Content-Type", JSON)),
        403,
        "C",
        "import",
        minor());
  }

  private static AuditRecord.Outcome minor() {
    return AuditRecord.Outcome.MINOR_FAILURE;
  }

  /**
   * Runs one request and checks it answered {@code status} and wrote exactly one record, as
   * described; returns the id of a created resource (from {@code Location}), else "".
   */
  private String one(
      Supplier<HttpResponse<String>> request,
      int status,
      String action,
      String subtype,
      AuditRecord.Outcome outcome,
      String... patients) {
    audit.clear();
    HttpResponse<String> r = request.get();
    assertThat(r.statusCode()).as(subtype + " " + r.body()).isEqualTo(status);
    List<AuditRecord> records = audit.records();
    assertThat(records).as(subtype + " " + records).hasSize(1);
    AuditRecord record = records.get(0);
    assertThat(record.action()).as(subtype).isEqualTo(action);
    assertThat(record.subtype()).isEqualTo(subtype);
    assertThat(record.outcome()).as(subtype).isEqualTo(outcome);
    if (patients.length > 0) {
      assertThat(record.patients()).as(subtype).containsExactly(patients);
    }
    String location = r.headers().firstValue("Location").orElse("");
    String[] parts = location.split("/");
    return parts.length >= 4 && location.contains("/_history/") ? parts[parts.length - 3] : "";
  }

  private HttpResponse<String> get(String path, Caller caller) {
    return http.get(path, header(caller));
  }

  private static String[] header(Caller caller) {
    return TestCallers.header(caller);
  }

  private static String observation() {
    return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
        + "\"subject\":{\"reference\":\"Patient/ai1\"}}";
  }

  private static String transaction(String entry) {
    return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
        + entry
        + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}";
  }
}
