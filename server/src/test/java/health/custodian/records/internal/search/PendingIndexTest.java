package health.custodian.records.internal.search;

import static health.custodian.records.internal.search.DeferredPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.storage.WriteSessions;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deferred indexing (the second phase of bulk imports): resources written with {@code
 * deferIndexing()} become searchable through {@link PendingIndex} with exactly the index rows of a
 * one-by-one write, also when they are updated or deleted meanwhile.
 */
class PendingIndexTest extends IntegrationTest {

  @Autowired JdbcTemplate jdbc;
  @Autowired WriteSessions sessions;
  @Autowired PendingIndex pending;

  private Http http;
  private DeferredPatients store;

  @BeforeEach
  void http() {
    http = new Http(fhirBase());
    store = new DeferredPatients(sessions, http);
  }

  /** Index rows of a resource, table by table, without keys: comparable between resources. */
  private List<String> indexRows(String id) {
    List<String> out = new ArrayList<>();
    for (String sql :
        List.of(
            "select p.code || '|' || coalesce(t.system, '') || '|' || coalesce(t.code, '')"
                + " || '|' || coalesce(t.text, '') from sp_token t",
            "select p.code || '|' || t.value_norm from sp_string t",
            "select p.code || '|' || t.low || '|' || t.high from sp_date t")) {
      out.addAll(
          jdbc.queryForList(
              sql
                  + " join sp_param p on p.id = t.param_id join resource r on r.pk = t.res_pk"
                  + " where r.res_id = ? order by 1",
              String.class,
              id));
    }
    out.addAll(
        jdbc.queryForList(
            "select f.content::text from sp_fulltext f join resource r on r.pk = f.res_pk"
                + " where r.res_id = ?",
            String.class,
            id));
    return out;
  }

  @Test
  void deferredResourcesBecomeSearchableLikeOnesCreatedOneByOne() {
    assertThat(
            http.put("/Patient/direct", patient("direct", "Quill", "female").toString())
                .statusCode())
        .isEqualTo(201);
    assertThat(http.put("/Patient/up", patient("up", "Oldname", "female").toString()).statusCode())
        .isEqualTo(201);
    store.write(patient("d1", "Quill", "female"), patient("up", "Newname", "female"));

    // Loaded and readable at once; searchable once indexed.
    assertThat(http.get("/Patient/d1").statusCode()).isEqualTo(200);
    assertThat(pending.count()).isEqualTo(2);
    assertThat(store.total("/Patient?family=quill")).isEqualTo(1);

    assertThat(pending.indexAll(done -> {})).isEqualTo(2);
    assertThat(pending.count()).isZero();
    assertThat(store.total("/Patient?family=quill")).isEqualTo(2);
    assertThat(store.total("/Patient?family=newname")).isEqualTo(1);
    assertThat(store.total("/Patient?family=oldname")).isZero();
    assertThat(store.total("/Patient?_content=quill")).isEqualTo(2);
    assertThat(indexRows("d1")).isNotEmpty().isEqualTo(indexRows("direct"));
  }

  /** Every index row of a resource, all tables and columns, without keys. */
  private List<String> allIndexRows(String type, String id) {
    List<String> out = new ArrayList<>();
    for (String table :
        List.of(
            "sp_token",
            "sp_string",
            "sp_reference",
            "sp_date",
            "sp_uri",
            "sp_quantity",
            "sp_composite",
            "sp_fulltext")) {
      out.addAll(
          jdbc.queryForList(
              "select '"
                  + table
                  + "' || coalesce(p.code, '') || (to_jsonb(t) - 'res_pk' - 'param_id')::text"
                  + " from "
                  + table
                  + " t join resource r on r.pk = t.res_pk"
                  + " left join sp_param p on p.id = (to_jsonb(t) ->> 'param_id')::integer"
                  + " where r.res_type = ? and r.res_id = ? order by 1",
              String.class,
              type,
              id));
    }
    return out;
  }

  private static ObjectNode observation(String id, String start) {
    return (ObjectNode)
        FhirJson.parse(
            """
            {"resourceType":"Observation","id":"%s","status":"final",
             "code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body \\\\ weight"}],
                     "text":"Body weight"},
             "subject":{"reference":"Patient/obs-subject"},
             "effectivePeriod":{"start":"%s"},
             "valueQuantity":{"value":72.50,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"},
             "note":[{"text":"tab\\tand line\\nbreak, Zoë Ångström"}]}
            """
                .formatted(id, start));
  }

  private void writeDeferred(ObjectNode... resources) {
    sessions.inTransaction(
        session -> {
          session.deferIndexing();
          for (ObjectNode r : resources) {
            session.update(r.get("resourceType").asText(), r.get("id").asText(), r, null, "PUT");
          }
          return null;
        });
  }

  @Test
  void bulkRowsEqualOneByOneRowsInEveryTableAndColumn() {
    // Binary COPY for whole-microsecond dates and open bounds; the text format for an instant
    // finer than PostgreSQL keeps (seven fractional digits), which the server rounds.
    assertThat(
            http.put("/Patient/obs-subject", patient("obs-subject", "Subject", "other").toString())
                .statusCode())
        .isEqualTo(201);
    for (String start : List.of("2020-01-02T03:04:05.123456Z", "2020-01-02T03:04:05.1234567Z")) {
      String suffix = start.length() > 27 ? "fine" : "micro";
      assertThat(
              http.put(
                      "/Observation/direct-" + suffix,
                      observation("direct-" + suffix, start).toString())
                  .statusCode())
          .isEqualTo(201);
      writeDeferred(observation("bulk-" + suffix, start));
      assertThat(pending.indexAll(done -> {})).isEqualTo(1);
      List<String> direct = allIndexRows("Observation", "direct-" + suffix);
      assertThat(direct)
          .anyMatch(row -> row.startsWith("sp_date") && row.contains("infinity"))
          .anyMatch(row -> row.startsWith("sp_reference"))
          .anyMatch(row -> row.startsWith("sp_quantity"))
          .anyMatch(row -> row.startsWith("sp_fulltext"));
      assertThat(allIndexRows("Observation", "bulk-" + suffix)).isEqualTo(direct);
    }
  }

  @Test
  void updatedOrDeletedWhilePendingEndsAtTheCurrentVersion() {
    store.write(patient("later", "Before", "female"), patient("gone", "Gone", "female"));
    assertThat(
            http.put("/Patient/later", patient("later", "After", "female").toString()).statusCode())
        .isEqualTo(200);
    assertThat(http.delete("/Patient/gone").statusCode()).isIn(200, 204);

    pending.indexAll(done -> {});
    assertThat(pending.count()).isZero();
    assertThat(store.total("/Patient?family=after")).isEqualTo(1);
    assertThat(store.total("/Patient?family=before")).isZero();
    assertThat(store.total("/Patient?family=gone")).isZero();
    assertThat(indexRows("gone")).isEmpty();
    // No duplicates: the rows of the current version once, as for a direct write.
    assertThat(
            http.put("/Patient/twin", patient("twin", "After", "female").toString()).statusCode())
        .isEqualTo(201);
    assertThat(indexRows("later")).isEqualTo(indexRows("twin"));
  }

  @Test
  void pendingRowsLeftByARestartAreIndexedAtStartup() {
    store.write(patient("restart", "Resumed", "female"));
    assertThat(store.total("/Patient?family=resumed")).isZero();
    pending.atStartup();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pending.count() == 0);
    assertThat(store.total("/Patient?family=resumed")).isEqualTo(1);
  }

  @Test
  void largeBacklogIsIndexedInSeveralChunks() {
    int n = PendingIndex.CHUNK * 2 + 17;
    ObjectNode[] many = new ObjectNode[n];
    for (int i = 0; i < n; i++) {
      many[i] = patient("m" + i, i % 2 == 0 ? "Even" : "Odd", "female");
    }
    store.write(many);
    List<Long> progress = new ArrayList<>();
    assertThat(pending.indexAll(progress::add)).isEqualTo(n);
    assertThat(progress).hasSizeGreaterThanOrEqualTo(3).last().isEqualTo((long) n);
    assertThat(store.total("/Patient?family=even")).isEqualTo(PendingIndex.CHUNK + 9);
    assertThat(store.total("/Patient?family=odd")).isEqualTo(PendingIndex.CHUNK + 8);
  }

  @Test
  void theRuntimeRoleRefreshesPlannerStatisticsAfterALargeLoad() {
    // The application's connections run as the restricted runtime role (V15, V16): V26 lets it
    // ANALYZE the search tables, so a bulk load can leave fresh statistics behind.
    assertThat(jdbc.queryForObject("select current_user", String.class)).isEqualTo("custodian_app");
    pending.analyze();
    Long analyzed =
        jdbc.queryForObject(
            "select count(*) from pg_stat_user_tables where relname = 'sp_token'"
                + " and last_analyze is not null",
            Long.class);
    assertThat(analyzed).isEqualTo(1L);
  }

  @Test
  void chunkReadsStartAtTheirKeyWhateverPlanPostgresChooses() {
    store.write(patient("plan1", "Plan", "female"), patient("plan2", "Plan", "female"));
    // The generic plan of a statement run in a loop, with nested loops discouraged: the plan a
    // large store's statistics led to. Neither table may then be read from its first key: the
    // resource scan carries the chunk's lower bound and the version is looked up by key.
    List<String> plan =
        jdbc.execute(
            (java.sql.Connection c) -> {
              List<String> lines = new ArrayList<>();
              try (java.sql.Statement s = c.createStatement()) {
                s.execute("set plan_cache_mode = force_generic_plan");
                s.execute("set enable_nestloop = off");
                s.execute(
                    "prepare chunk_plan (bigint) as " + PendingIndex.READ_CHUNK.replace("?", "$1"));
                try (java.sql.ResultSet rs = s.executeQuery("explain execute chunk_plan(0)")) {
                  while (rs.next()) {
                    lines.add(rs.getString(1));
                  }
                }
                s.execute("deallocate chunk_plan");
                s.execute("reset enable_nestloop");
                s.execute("reset plan_cache_mode");
              }
              return lines;
            });
    String text = String.join("\n", plan);
    assertThat(text)
        .doesNotContain("Seq Scan on resource")
        .doesNotContain("Merge")
        .doesNotContain("Hash")
        .contains("Index Only Scan using search_index_pending_pkey")
        .contains("Index Cond: (res_pk > $1)")
        .contains("Index Cond: (pk = p.res_pk)")
        .contains("Index Cond: ((res_pk = p.res_pk) AND (version = r.version))");
    assertThat(pending.indexAll(done -> {})).isEqualTo(2);
  }
}
