package health.custodian.records.internal.bulk;

import static health.custodian.records.internal.bulk.BulkTestSupport.ASYNC;
import static health.custodian.records.internal.bulk.BulkTestSupport.manifest;
import static health.custodian.records.internal.bulk.BulkTestSupport.statusPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.records.internal.storage.LinkIndex;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import health.custodian.testsupport.RuntimeRoleDdl;
import health.custodian.testsupport.TempFolder;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A large import loads without {@code resource_link_target} (V35, {@link LinkIndex}) and, with
 * {@code custodian.bulk.suspend-history-indexes}, without the two history indexes of {@code
 * resource_version} (V42), and builds them again in its index phase, before the job completes; here
 * "large" is at least two ids and at least as many as the live resources stored (the test methods
 * share one database). The indexes must come back exactly, after an import and after a crash in the
 * middle of one; the queries by target (the delete check), {@code _revinclude} and the type and
 * system history must answer the same without them (as they do while an index phase builds them);
 * the runtime role must gain no other DDL.
 */
class LinkIndexTest extends IntegrationTest {

  @RegisterExtension static final TempFolder FOLDER = new TempFolder("custodian-link-index-");

  private static final Path BULK_DIR = FOLDER.folder("bulk");
  private static final Path ALLOWED = FOLDER.folder("allowed");

  private static final String TARGET_INDEX =
      "select c.oid::bigint as oid, pg_get_indexdef(c.oid) as definition, i.indisvalid as valid"
          + " from pg_class c join pg_index i on i.indexrelid = c.oid"
          + " where c.relname = 'resource_link_target'";

  @DynamicPropertySource
  static void bulk(DynamicPropertyRegistry registry) {
    registry.add("custodian.bulk.dir", BULK_DIR::toString);
    registry.add("custodian.bulk.import-dirs", ALLOWED::toString);
    registry.add("custodian.bulk.import-batch", () -> "2");
    registry.add("custodian.bulk.suspend-link-index-from", () -> "2");
    registry.add("custodian.bulk.suspend-history-indexes", () -> "true");
  }

  @Autowired JdbcTemplate jdbc;
  @Autowired LinkIndex linkIndex;

  private Http http;

  @BeforeEach
  void http() {
    http = new Http(fhirBase());
  }

  private static final String HISTORY_INDEXES =
      "select c.relname as name, c.oid::bigint as oid, pg_get_indexdef(c.oid) as definition,"
          + " i.indisvalid as valid from pg_class c join pg_index i on i.indexrelid = c.oid"
          + " where c.relname in ('resource_version_system_history',"
          + " 'resource_version_type_history') order by c.relname";

  private List<Map<String, Object>> targetIndex() {
    return jdbc.queryForList(TARGET_INDEX);
  }

  private List<Map<String, Object>> historyIndexes() {
    return jdbc.queryForList(HISTORY_INDEXES);
  }

  private static List<Object> field(List<Map<String, Object>> rows, String name) {
    return rows.stream().map(r -> r.get(name)).toList();
  }

  private static String patient(String id) {
    return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"gender\":\"female\"}";
  }

  private JsonNode importLines(String name, String type, List<String> lines) throws IOException {
    Path file =
        Files.writeString(
            ALLOWED.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    String body =
        "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"inputFormat\","
            + "\"valueCode\":\"application/fhir+ndjson\"},{\"name\":\"input\",\"part\":["
            + "{\"name\":\"type\",\"valueCode\":\""
            + type
            + "\"},{\"name\":\"url\",\"valueUri\":\""
            + file
            + "\"}]}]}";
    HttpResponse<String> k = http.post("/$import", body, "Prefer", ASYNC);
    return manifest(http, statusPath(k, fhirBase()));
  }

  /** The ids of a search's entries, in order. */
  private List<String> ids(String path) {
    HttpResponse<String> r = http.get(path);
    assertThat(r.statusCode()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (JsonNode e : Json.parse(r.body()).path("entry")) {
      ids.add(
          e.path("resource").path("resourceType").asText()
              + "/"
              + e.path("resource").path("id").asText());
    }
    return ids;
  }

  private int live() {
    Integer n =
        jdbc.queryForObject("select count(*) from resource where not deleted", Integer.class);
    return n == null ? 0 : n;
  }

  @Test
  void aLargeImportBuildsTheIndexAgainIdentically() throws IOException {
    List<Map<String, Object>> before = targetIndex();
    assertThat(before).hasSize(1);
    List<Map<String, Object>> historyBefore = historyIndexes();
    assertThat(historyBefore).hasSize(2);
    // at least as many ids as live resources (and at least two): large
    int patients = Math.max(2, live());
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= patients; i++) {
      lines.add(patient("p" + i));
    }
    importLines("patients.ndjson", "Patient", lines);
    List<Map<String, Object>> afterPatients = targetIndex();
    assertThat(afterPatients).hasSize(1);
    assertThat(afterPatients.get(0).get("definition")).isEqualTo(before.get(0).get("definition"));
    // built again: a new index, valid, with the same definition
    assertThat(afterPatients.get(0).get("oid")).isNotEqualTo(before.get(0).get("oid"));
    assertThat(afterPatients.get(0).get("valid")).isEqualTo(true);
    assertThat(linkIndex.anySuspended()).isFalse();
    // the history indexes too, built in the index phase before the job completed
    List<Map<String, Object>> historyAfter = historyIndexes();
    assertThat(field(historyAfter, "definition")).isEqualTo(field(historyBefore, "definition"));
    assertThat(field(historyAfter, "valid")).containsOnly(true);
    assertThat(field(historyAfter, "oid")).doesNotContainAnyElementsOf(field(historyBefore, "oid"));

    int observations = live();
    lines.clear();
    List<String> ofP1 = new ArrayList<>(List.of("Patient/p1"));
    for (int i = 1; i < observations; i++) {
      lines.add(Json.observation("o" + i, "p1"));
      ofP1.add("Observation/o" + i);
    }
    lines.add(Json.observation("o" + observations, "p2"));
    JsonNode m = importLines("obs.ndjson", "Observation", lines);
    assertThat(m.path("extension").path("searchIndexComplete").asBoolean()).isTrue();
    assertThat(m.path("output").get(0).path("count").asInt()).isEqualTo(observations);
    List<Map<String, Object>> afterObs = targetIndex();
    assertThat(afterObs.get(0).get("oid")).isNotEqualTo(afterPatients.get(0).get("oid"));
    assertThat(afterObs.get(0).get("definition")).isEqualTo(before.get(0).get("definition"));
    assertThat(
            jdbc.queryForObject(
                "select count(*) from resource_link where target_type = 'Patient'"
                    + " and target_id in ('p1', 'p2')",
                Integer.class))
        .isEqualTo(observations);

    // both queries by target answer with the rebuilt index
    assertThat(ids("/Patient?_id=p1&_revinclude=Observation:subject&_count=1000"))
        .containsExactlyInAnyOrderElementsOf(ofP1);
    assertThat(http.delete("/Patient/p2").statusCode()).isEqualTo(409);

    // a small import into a larger store keeps the index
    importLines("one.ndjson", "Observation", List.of(Json.observation("extra", "p2")));
    assertThat(targetIndex().get(0).get("oid")).isEqualTo(afterObs.get(0).get("oid"));
  }

  @Test
  void queriesByTargetAnswerTheSameWithoutTheIndex() throws IOException {
    importLines("q-patients.ndjson", "Patient", List.of(patient("q1"), patient("q2")));
    importLines(
        "q-obs.ndjson",
        "Observation",
        List.of(
            Json.observation("qo1", "q1"),
            Json.observation("qo2", "q1"),
            Json.observation("qo3", "q2")));
    String revinclude = "/Patient?_id=q1,q2&_revinclude=Observation:subject&_sort=_id";
    List<String> withIndex = ids(revinclude);
    assertThat(withIndex).hasSize(5);
    List<String> typeHistory = ids("/Observation/_history?_count=1000");
    List<String> systemHistory = ids("/_history?_count=1000");
    assertThat(typeHistory).contains("Observation/qo1", "Observation/qo3");
    assertThat(systemHistory).contains("Patient/q1", "Observation/qo2");

    // the state an index phase starts from after a large load (V35 and V42)
    assertThat(linkIndex.suspend()).isEqualTo(1);
    assertThat(linkIndex.suspendHistory()).isEqualTo(2);
    try {
      assertThat(targetIndex()).isEmpty();
      assertThat(historyIndexes()).isEmpty();
      assertThat(ids(revinclude)).isEqualTo(withIndex);
      // type and system history scan resource_version instead: the same entries, same order
      assertThat(ids("/Observation/_history?_count=1000")).isEqualTo(typeHistory);
      assertThat(ids("/_history?_count=1000")).isEqualTo(systemHistory);
      // the delete check (referrers by target) still finds the referencing Observation
      assertThat(http.delete("/Patient/q2").statusCode()).isEqualTo(409);
      // a write while suspended writes its links, and a delete of its last referrer is seen
      assertThat(http.delete("/Observation/qo3").statusCode()).isIn(200, 204);
      assertThat(http.delete("/Patient/q2").statusCode()).isIn(200, 204);
      assertThat(linkIndex.suspend()).isZero();
      assertThat(linkIndex.suspendHistory()).isZero();
    } finally {
      assertThat(linkIndex.restore()).isEqualTo(3);
    }
    assertThat(targetIndex()).hasSize(1);
    assertThat(historyIndexes()).hasSize(2);
    assertThat(http.delete("/Patient/q1").statusCode()).isEqualTo(409);
  }

  /**
   * V43: the index is keyed by the target's id alone; the delete check still tells types apart (the
   * same id under two types).
   */
  @Test
  void theIndexIsByTargetIdAndTheDeleteCheckKeepsTypesApart() {
    assertThat(targetIndex().get(0).get("definition").toString()).endsWith("(target_id)");
    assertThat(http.put("/Patient/same", patient("same")).statusCode()).isIn(200, 201);
    assertThat(
            http.put(
                    "/Practitioner/same",
                    "{\"resourceType\":\"Practitioner\",\"id\":\"same\",\"active\":true}")
                .statusCode())
        .isIn(200, 201);
    assertThat(http.put("/Observation/on-same", Json.observation("on-same", "same")).statusCode())
        .isIn(200, 201);

    assertThat(http.delete("/Patient/same").statusCode()).isEqualTo(409);
    assertThat(http.delete("/Practitioner/same").statusCode()).isIn(200, 204);
    assertThat(http.delete("/Observation/on-same").statusCode()).isIn(200, 204);
    assertThat(http.delete("/Patient/same").statusCode()).isIn(200, 204);
  }

  @Test
  void anIndexDroppedByACrashedImportIsBuiltAgainAtStartup() {
    List<Map<String, Object>> before = targetIndex();
    List<Map<String, Object>> historyBefore = historyIndexes();
    assertThat(linkIndex.suspend()).isEqualTo(1);
    assertThat(linkIndex.suspendHistory()).isEqualTo(2);
    assertThat(linkIndex.anySuspended()).isTrue();
    assertThat(targetIndex()).isEmpty();
    assertThat(historyIndexes()).isEmpty();

    linkIndex.atStartup();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !linkIndex.anySuspended());
    List<Map<String, Object>> after = targetIndex();
    assertThat(after).hasSize(1);
    assertThat(after.get(0).get("definition")).isEqualTo(before.get(0).get("definition"));
    assertThat(after.get(0).get("valid")).isEqualTo(true);
    List<Map<String, Object>> historyAfter = historyIndexes();
    assertThat(field(historyAfter, "definition")).isEqualTo(field(historyBefore, "definition"));
    assertThat(field(historyAfter, "valid")).containsOnly(true);
  }

  @Test
  void theRuntimeRoleGainsNoOtherDdl() {
    RuntimeRoleDdl.assertNoDdl(jdbc, "resource_link_src", "link_index_suspended");
    RuntimeRoleDdl.assertNoDdl(jdbc, "resource_version_type_history", "link_index_suspended");
    assertThat(
            jdbc.queryForObject(
                "select count(*) from pg_indexes where tablename = 'resource_link'", Integer.class))
        .isEqualTo(2);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from pg_indexes where tablename = 'resource_version'",
                Integer.class))
        .isEqualTo(3);
  }
}
