package health.custodian.records.internal.bulk;

import static health.custodian.records.internal.bulk.BulkTestSupport.ASYNC;
import static health.custodian.records.internal.bulk.BulkTestSupport.download;
import static health.custodian.records.internal.bulk.BulkTestSupport.manifest;
import static health.custodian.records.internal.bulk.BulkTestSupport.output;
import static health.custodian.records.internal.bulk.BulkTestSupport.statusPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.records.internal.access.CallerJson;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import health.custodian.testsupport.TempFolder;
import health.custodian.testsupport.TestTokens;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** $export at system, patient and group level (IG v2.0.0), cancel, and restart recovery. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkExportTest extends IntegrationTest {

  @RegisterExtension static final TempFolder FOLDER = new TempFolder("custodian-bulk-export-");

  private static final Path BULK_DIR = FOLDER.folder("bulk");

  @DynamicPropertySource
  static void bulk(DynamicPropertyRegistry registry) {
    registry.add("custodian.bulk.dir", BULK_DIR::toString);
  }

  @Autowired JdbcTemplate jdbc;
  @Autowired BulkJobStore store;
  @Autowired BulkMaintenance maintenance;

  private Http http;
  private Instant afterSetup;

  @BeforeEach
  void http() {
    http = new Http(fhirBase());
  }

  @BeforeAll
  void data() throws InterruptedException {
    http = new Http(fhirBase());
    put(
        "Patient",
        "p1",
        "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"gender\":\"female\","
            + "\"birthDate\":\"1970-01-01\"}");
    put("Patient", "p2", "{\"resourceType\":\"Patient\",\"id\":\"p2\",\"gender\":\"male\"}");
    put("Practitioner", "dr", "{\"resourceType\":\"Practitioner\",\"id\":\"dr\"}");
    put("Observation", "o1", observation("o1", "p1", "8867-4"));
    put("Observation", "o2", observation("o2", "p1", "9279-1"));
    put("Observation", "o3", observation("o3", "p2", "8867-4"));
    put(
        "Group",
        "g1",
        "{\"resourceType\":\"Group\",\"id\":\"g1\",\"type\":\"person\",\"actual\":true,"
            + "\"member\":[{\"entity\":{\"reference\":\"Patient/p1\"}}]}");
    // o1's latest Provenance is prov4 (in p2's compartment only), then prov2; p1's is prov1.
    put(
        "Provenance",
        "prov1",
        provenance("prov1", "2020-01-01T00:00:00Z", "Patient/p1", "Observation/o1"));
    put("Provenance", "prov2", provenance("prov2", "2021-01-01T00:00:00Z", "Observation/o1"));
    put(
        "Provenance",
        "prov3",
        provenance("prov3", "2020-06-01T00:00:00Z", "Patient/p2", "Observation/o3"));
    put(
        "Provenance",
        "prov4",
        provenance("prov4", "2022-01-01T00:00:00Z", "Observation/o1", "Patient/p2"));
    Thread.sleep(20);
    afterSetup = Instant.now();
    Thread.sleep(20);
    put("Observation", "o4", observation("o4", "p2", "9279-1"));
  }

  private void put(String type, String id, String json) {
    HttpResponse<String> r = http.put("/" + type + "/" + id, json);
    assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
  }

  private static String observation(String id, String patient, String code) {
    return "{\"resourceType\":\"Observation\",\"id\":\""
        + id
        + "\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\","
        + "\"code\":\""
        + code
        + "\"}]},\"subject\":{\"reference\":\"Patient/"
        + patient
        + "\"}}";
  }

  private static String provenance(String id, String recorded, String... targets) {
    String refs =
        java.util.Arrays.stream(targets)
            .map(t -> "{\"reference\":\"" + t + "\"}")
            .collect(Collectors.joining(","));
    return "{\"resourceType\":\"Provenance\",\"id\":\""
        + id
        + "\",\"target\":["
        + refs
        + "],\"recorded\":\""
        + recorded
        + "\",\"agent\":[{\"who\":{\"reference\":\"Practitioner/dr\"}}]}";
  }

  private HttpResponse<String> kickOff(String path) {
    return http.get(path, "Prefer", ASYNC, "Accept", "application/fhir+json");
  }

  private static Set<String> ids(List<JsonNode> resources) {
    return resources.stream().map(r -> r.path("id").asText()).collect(Collectors.toSet());
  }

  @Test
  void systemExportWithTypes() {
    HttpResponse<String> k =
        kickOff("/$export?_type=Patient,Observation&_outputFormat=application/fhir%2Bndjson");
    JsonNode m = manifest(http, statusPath(k, fhirBase()));
    assertThat(m.path("requiresAccessToken").asBoolean(false)).isTrue();
    assertThat(m.path("request").asText()).contains("/$export?_type=Patient,Observation");
    assertThat(Instant.parse(m.path("transactionTime").asText())).isAfter(afterSetup);
    assertThat(m.path("output")).hasSize(2);
    JsonNode patients = output(m, "Patient");
    assertThat(patients.path("count").asInt()).isEqualTo(2);
    assertThat(ids(download(http, fhirBase(), patients.path("url").asText())))
        .containsExactlyInAnyOrder("p1", "p2");
    JsonNode obs = output(m, "Observation");
    List<JsonNode> lines = download(http, fhirBase(), obs.path("url").asText());
    assertThat(ids(lines)).containsExactlyInAnyOrder("o1", "o2", "o3", "o4");
    assertThat(lines.get(0).path("meta").path("versionId").asText()).isEqualTo("1");
  }

  @Test
  void systemExportOfEverythingViaPost() {
    String body =
        "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"_outputFormat\","
            + "\"valueString\":\"ndjson\"}]}";
    HttpResponse<String> k = http.post("/$export", body, "Prefer", ASYNC);
    JsonNode m = manifest(http, statusPath(k, fhirBase()));
    assertThat(output(m, "Practitioner").path("count").asInt()).isEqualTo(1);
    assertThat(output(m, "Group").path("count").asInt()).isEqualTo(1);
  }

  @Test
  void since() {
    HttpResponse<String> k = kickOff("/$export?_type=Observation,Patient&_since=" + afterSetup);
    JsonNode m = manifest(http, statusPath(k, fhirBase()));
    assertThat(m.path("output")).hasSize(1);
    assertThat(ids(download(http, fhirBase(), output(m, "Observation").path("url").asText())))
        .containsExactly("o4");
  }

  @Test
  void typeFilter() {
    String filter = URLEncoder.encode("Observation?code=8867-4", StandardCharsets.UTF_8);
    String other = URLEncoder.encode("Observation?_id=o4", StandardCharsets.UTF_8);
    HttpResponse<String> k =
        kickOff("/$export?_type=Observation&_typeFilter=" + filter + "&_typeFilter=" + other);
    JsonNode m = manifest(http, statusPath(k, fhirBase()));
    assertThat(ids(download(http, fhirBase(), output(m, "Observation").path("url").asText())))
        .containsExactlyInAnyOrder("o1", "o3", "o4");
  }

  @Test
  void overlappingTypeFiltersWriteEachResourceOnce() {
    String byCode = URLEncoder.encode("Observation?code=8867-4", StandardCharsets.UTF_8);
    String bySubject = URLEncoder.encode("Observation?subject=Patient/p1", StandardCharsets.UTF_8);
    HttpResponse<String> k =
        kickOff("/$export?_type=Observation&_typeFilter=" + byCode + "&_typeFilter=" + bySubject);
    JsonNode m = manifest(http, statusPath(k, fhirBase()));
    JsonNode obs = output(m, "Observation");
    List<JsonNode> lines = download(http, fhirBase(), obs.path("url").asText());
    // o1 matches both filters: written once, in key order with the others.
    assertThat(lines.stream().map(r -> r.path("id").asText()).toList())
        .containsExactly("o1", "o2", "o3");
    assertThat(obs.path("count").asInt()).isEqualTo(3);
  }

  @Test
  void latestProvenanceOfTheExportedResources() {
    HttpResponse<String> k =
        kickOff("/$export?_type=Observation&includeAssociatedData=LatestProvenanceResources");
    JsonNode m = manifest(http, statusPath(k, fhirBase()));
    assertThat(ids(download(http, fhirBase(), output(m, "Observation").path("url").asText())))
        .containsExactlyInAnyOrder("o1", "o2", "o3", "o4");
    // Written although _type does not name Provenance: the latest of o1 (prov4) and of o3
    // (prov3); o2 and o4 have none.
    JsonNode provenance = output(m, "Provenance");
    assertThat(provenance.path("count").asInt()).isEqualTo(2);
    assertThat(ids(download(http, fhirBase(), provenance.path("url").asText())))
        .containsExactlyInAnyOrder("prov4", "prov3");
  }

  @Test
  void latestProvenanceReplacesTheProvenanceType() {
    HttpResponse<String> k =
        kickOff(
            "/$export?_type=Patient,Provenance&includeAssociatedData=LatestProvenanceResources");
    JsonNode m = manifest(http, statusPath(k, fhirBase()));
    // IG v2.0.0: "Other Provenance resources will not be returned": prov2 and prov4 name no
    // exported Patient; the latest of p1 is prov1, of p2 prov4 (its target names p2 as well).
    assertThat(ids(download(http, fhirBase(), output(m, "Provenance").path("url").asText())))
        .containsExactlyInAnyOrder("prov1", "prov4");
    HttpResponse<String> plain = kickOff("/$export?_type=Provenance");
    JsonNode all = manifest(http, statusPath(plain, fhirBase()));
    assertThat(output(all, "Provenance").path("count").asInt()).isEqualTo(4);
  }

  @Test
  void latestProvenanceAtGroupLevelStaysInTheMembersCompartments() {
    HttpResponse<String> k =
        kickOff(
            "/Group/g1/$export?_type=Patient,Observation"
                + "&includeAssociatedData=LatestProvenanceResources");
    JsonNode m = manifest(http, statusPath(k, fhirBase()));
    assertThat(ids(download(http, fhirBase(), output(m, "Observation").path("url").asText())))
        .containsExactlyInAnyOrder("o1", "o2");
    // prov4 is o1's latest but in p2's compartment only; prov1 is p1's and in it; prov2 names
    // no patient at all, so it is in no member's compartment either.
    assertThat(ids(download(http, fhirBase(), output(m, "Provenance").path("url").asText())))
        .containsExactly("prov1");
  }

  @Test
  void unsupportedAssociatedDataIsRefusedUnlessLenient() {
    for (String value : List.of("RelevantProvenanceResources", "_myPreset")) {
      HttpResponse<String> refused = kickOff("/$export?includeAssociatedData=" + value);
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).contains("unsupported-associated-data").contains(value);
    }
    HttpResponse<String> lenient =
        http.get(
            "/$export?_type=Observation&includeAssociatedData=_myPreset,LatestProvenanceResources",
            "Prefer",
            ASYNC + ", handling=lenient");
    JsonNode m = manifest(http, statusPath(lenient, fhirBase()));
    assertThat(ids(download(http, fhirBase(), output(m, "Provenance").path("url").asText())))
        .containsExactlyInAnyOrder("prov4", "prov3");
    HttpResponse<String> ignored =
        http.get(
            "/$export?_type=Observation&includeAssociatedData=RelevantProvenanceResources",
            "Prefer",
            ASYNC + ", handling=lenient");
    assertThat(output(manifest(http, statusPath(ignored, fhirBase())), "Provenance")).isNull();
  }

  @Test
  void elements() {
    HttpResponse<String> k = kickOff("/$export?_type=Patient&_elements=gender");
    JsonNode m = manifest(http, statusPath(k, fhirBase()));
    List<JsonNode> lines = download(http, fhirBase(), output(m, "Patient").path("url").asText());
    assertThat(lines.get(0).path("meta").path("tag").toString()).contains("SUBSETTED");
    assertThat(lines).hasSize(2);
    // Only the named element stays, with the mandatory id and resourceType (and meta, which
    // carries the tag): p1's birthDate is gone.
    for (JsonNode line : lines) {
      assertThat(line.has("gender")).isTrue();
      assertThat(line.has("birthDate")).isFalse();
      assertThat(line.path("resourceType").asText()).isEqualTo("Patient");
      assertThat(line.has("id")).isTrue();
    }
  }

  @Test
  void patientLevelExportsCompartmentsOnly() {
    HttpResponse<String> k = kickOff("/Patient/$export");
    JsonNode m = manifest(http, statusPath(k, fhirBase()));
    assertThat(output(m, "Practitioner")).isNull();
    // R4's Patient compartment includes Group (via member): g1 names p1.
    assertThat(output(m, "Group").path("count").asInt()).isEqualTo(1);
    assertThat(output(m, "Patient").path("count").asInt()).isEqualTo(2);
    assertThat(output(m, "Observation").path("count").asInt()).isEqualTo(4);
  }

  @Test
  void patientLevelWithTypeFilterAndSince() {
    String filter = URLEncoder.encode("Observation?code=9279-1", StandardCharsets.UTF_8);
    HttpResponse<String> k =
        kickOff(
            "/Patient/$export?_type=Observation&_typeFilter=" + filter + "&_since=" + afterSetup);
    JsonNode m = manifest(http, statusPath(k, fhirBase()));
    assertThat(ids(download(http, fhirBase(), output(m, "Observation").path("url").asText())))
        .containsExactly("o4");
  }

  @Test
  void patientLevelWithPatientParameter() {
    String body =
        "{\"resourceType\":\"Parameters\",\"parameter\":["
            + "{\"name\":\"_type\",\"valueString\":\"Observation\"},"
            + "{\"name\":\"patient\",\"valueReference\":{\"reference\":\"Patient/p2\"}}]}";
    HttpResponse<String> k = http.post("/Patient/$export", body, "Prefer", ASYNC);
    JsonNode m = manifest(http, statusPath(k, fhirBase()));
    assertThat(m.path("error").isArray()).isTrue();
    assertThat(m.path("error")).isEmpty();
    assertThat(ids(download(http, fhirBase(), output(m, "Observation").path("url").asText())))
        .containsExactlyInAnyOrder("o3", "o4");
  }

  @Test
  void groupLevelExportsMembersOnly() {
    HttpResponse<String> k = kickOff("/Group/g1/$export?_type=Patient,Observation");
    JsonNode m = manifest(http, statusPath(k, fhirBase()));
    assertThat(ids(download(http, fhirBase(), output(m, "Patient").path("url").asText())))
        .containsExactly("p1");
    assertThat(ids(download(http, fhirBase(), output(m, "Observation").path("url").asText())))
        .containsExactlyInAnyOrder("o1", "o2");
  }

  @Test
  void groupLevelWithPatientParameter() {
    String body =
        "{\"resourceType\":\"Parameters\",\"parameter\":["
            + "{\"name\":\"_type\",\"valueString\":\"Observation\"},"
            + "{\"name\":\"patient\",\"valueReference\":{\"reference\":\"Patient/p2\"}}]}";
    HttpResponse<String> k = http.post("/Group/g1/$export", body, "Prefer", ASYNC);
    JsonNode m = manifest(http, statusPath(k, fhirBase()));
    // p2 is not a member of g1: nothing to export.
    assertThat(m.path("output")).isEmpty();
  }

  @Test
  void kickOffErrors() {
    assertThat(http.get("/$export").statusCode()).isEqualTo(400);
    HttpResponse<String> unknownType = kickOff("/$export?_type=Patient,Bogus");
    assertThat(unknownType.statusCode()).isEqualTo(400);
    assertThat(unknownType.body()).contains("unknown-resource-type");
    String badFilter = URLEncoder.encode("Observation?nonsense=1", StandardCharsets.UTF_8);
    HttpResponse<String> filter = kickOff("/$export?_typeFilter=" + badFilter);
    assertThat(filter.statusCode()).isEqualTo(400);
    assertThat(filter.body()).contains("unknown-search-parameter");
    assertThat(kickOff("/$export?_outputFormat=text/csv").statusCode()).isEqualTo(400);
    assertThat(kickOff("/$export?includeAssociatedData=RelevantProvenanceResources").statusCode())
        .isEqualTo(400);
    assertThat(kickOff("/Patient/$export?_type=Practitioner").statusCode()).isEqualTo(400);
    assertThat(kickOff("/Group/nope/$export").statusCode()).isEqualTo(404);
    assertThat(http.get("/$bulk-status/00000000-0000-0000-0000-000000000000").statusCode())
        .isEqualTo(404);
  }

  @Test
  void capabilityStatementListsTheOperations() {
    String metadata = http.get("/metadata").body();
    assertThat(metadata)
        .contains("http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export")
        .contains("http://hl7.org/fhir/uv/bulkdata/OperationDefinition/import");
    assertThat(http.get("/Patient/p1/$export", "Prefer", ASYNC).statusCode()).isEqualTo(404);
  }

  @Test
  void deleteCancelsAndRemovesFiles() {
    HttpResponse<String> k = kickOff("/$export?_type=Observation");
    String status = statusPath(k, fhirBase());
    JsonNode m = manifest(http, status);
    String url = output(m, "Observation").path("url").asText();
    String jobId = status.substring(status.lastIndexOf('/') + 1);
    assertThat(BULK_DIR.resolve(jobId)).exists();
    assertThat(http.delete(status).statusCode()).isEqualTo(202);
    assertThat(http.get(status).statusCode()).isEqualTo(404);
    assertThat(http.get(url.substring(fhirBase().length())).statusCode()).isEqualTo(404);
    assertThat(BULK_DIR.resolve(jobId)).doesNotExist();
    assertThat(http.delete(status).statusCode()).isEqualTo(404);
  }

  @Test
  void cancelWhileQueuedOrRunning() {
    HttpResponse<String> k = kickOff("/$export");
    String status = statusPath(k, fhirBase());
    assertThat(http.delete(status).statusCode()).isEqualTo(202);
    assertThat(http.get(status).statusCode()).isEqualTo(404);
  }

  /**
   * A system export of one type stored as queued by the full-access caller, without handing it to
   * the worker: what a job waiting behind others, or one left by a stop, looks like.
   */
  private void queueSystemExport(String id, String type) {
    ExportRequest request =
        new ExportRequest(
            ExportRequest.Level.SYSTEM,
            null,
            List.of(type),
            null,
            java.util.Map.of(),
            List.of(),
            List.of(),
            false);
    store.insert(
        id,
        BulkJob.Kind.EXPORT,
        fhirBase() + "/$export?_type=" + type,
        BulkJson.write(request),
        CallerJson.write(TestTokens.FULL_ACCESS),
        Instant.now());
  }

  @Test
  void interruptedExportIsRequeuedAtStartup() {
    String id = "11111111-2222-3333-4444-555555555555";
    queueSystemExport(id, "Patient");
    jdbc.update("update bulk_job set state = 'in-progress' where id = ?", id);
    assertThat(maintenance.recover()).isGreaterThanOrEqualTo(1);
    JsonNode m = manifest(http, "/$bulk-status/" + id);
    assertThat(output(m, "Patient").path("count").asInt()).isEqualTo(2);
  }

  @Test
  void aQueuedJobAnswers202WithProgressAndRetryAfterAndIsRunAfterARestart() {
    // Inserted but never handed to the worker: what a job waiting behind others, or one left
    // queued by a stop, looks like.
    String id = "31111111-2222-3333-4444-555555555555";
    queueSystemExport(id, "Practitioner");
    HttpResponse<String> waiting = http.get("/$bulk-status/" + id);
    assertThat(waiting.statusCode()).isEqualTo(202);
    assertThat(waiting.headers().firstValue("X-Progress")).contains("queued");
    assertThat(waiting.headers().firstValue("Retry-After")).contains("1");
    assertThat(maintenance.recover()).isGreaterThanOrEqualTo(1);
    JsonNode m = manifest(http, "/$bulk-status/" + id);
    assertThat(output(m, "Practitioner").path("count").asInt()).isEqualTo(1);
  }

  @Test
  void interruptedImportIsFailedAtStartup() {
    String id = "21111111-2222-3333-4444-555555555555";
    store.insert(
        id,
        BulkJob.Kind.IMPORT,
        fhirBase() + "/$import",
        BulkJson.write(new ImportRequest(List.of())),
        CallerJson.write(TestTokens.FULL_ACCESS),
        Instant.now());
    jdbc.update("update bulk_job set state = 'in-progress' where id = ?", id);
    maintenance.recover();
    HttpResponse<String> r = http.get("/$bulk-status/" + id);
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(Json.parse(r.body()).path("issue").get(0).path("diagnostics").asText())
        .contains("server stopped");
  }

  @Test
  void retentionRemovesOldJobs() {
    HttpResponse<String> k = kickOff("/$export?_type=Patient");
    String status = statusPath(k, fhirBase());
    manifest(http, status);
    String jobId = status.substring(status.lastIndexOf('/') + 1);
    jdbc.update(
        "update bulk_job set finished_at = now() - interval '25 hours' where id = ?", jobId);
    assertThat(maintenance.cleanup()).isGreaterThanOrEqualTo(1);
    assertThat(http.get(status).statusCode()).isEqualTo(404);
    assertThat(BULK_DIR.resolve(jobId)).doesNotExist();
  }
}
