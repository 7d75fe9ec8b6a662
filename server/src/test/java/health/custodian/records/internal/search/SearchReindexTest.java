package health.custodian.records.internal.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Custom SearchParameters become searchable through $reindex, which checkpoints and resumes. */
class SearchReindexTest extends IntegrationTest {

  private static final String STRICT = "Prefer";
  private static final String STRICT_VALUE = "handling=strict";

  @Autowired JdbcTemplate jdbc;
  @Autowired SearchReindexer reindexer;

  private Http http;

  @BeforeEach
  void http() {
    http = new Http(fhirBase());
  }

  @Test
  void customParameterIsSearchableAfterReindex() {
    int n = 1000;
    StringBuilder bundle =
        new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[");
    for (int i = 0; i < n; i++) {
      String maiden = i == 7 ? "Smith" : "Other" + i;
      bundle
          .append(i == 0 ? "" : ",")
          .append("{\"request\":{\"method\":\"PUT\",\"url\":\"Patient/mmn-")
          .append(i)
          .append("\"},\"resource\":{\"resourceType\":\"Patient\",\"id\":\"mmn-")
          .append(i)
          .append("\",\"extension\":[{\"url\":\"http://ex.org/mmn\",\"valueString\":\"")
          .append(maiden)
          .append("\"}]}}");
    }
    assertThat(http.post("", bundle.append("]}").toString()).statusCode()).isEqualTo(200);
    assertThat(http.get("/Patient?mothers-maiden-name=smith", STRICT, STRICT_VALUE).statusCode())
        .isEqualTo(400);

    HttpResponse<String> sp =
        http.put(
            "/SearchParameter/mmn",
            "{\"resourceType\":\"SearchParameter\",\"id\":\"mmn\",\"url\":\"http://ex.org/sp/mmn\","
                + "\"name\":\"MothersMaidenName\",\"status\":\"active\",\"description\":\"x\","
                + "\"code\":\"mothers-maiden-name\",\"base\":[\"Patient\"],\"type\":\"string\","
                + "\"expression\":\"Patient.extension.where(url = 'http://ex.org/mmn').value\"}");
    assertThat(sp.statusCode()).isIn(200, 201);

    long start = System.nanoTime();
    HttpResponse<String> started = http.post("/$reindex", "{\"resourceType\":\"Parameters\"}");
    assertThat(started.statusCode()).isEqualTo(202);
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> param(http.get("/$reindex-status").body(), "status").equals("done"));
    long millis = (System.nanoTime() - start) / 1_000_000;
    JsonNode status = Json.parse(http.get("/$reindex-status").body());
    System.out.printf(
        "reindex: %s resources in %d ms%n", param(status.toString(), "processed"), millis);
    assertThat(Long.parseLong(param(status.toString(), "processed"))).isGreaterThanOrEqualTo(n);

    HttpResponse<String> found = http.get("/Patient?mothers-maiden-name=smi", STRICT, STRICT_VALUE);
    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(ids(found.body())).containsExactly("mmn-7");
    assertThat(http.get("/metadata").body()).contains("\"mothers-maiden-name\"");
    // New writes index the custom parameter themselves.
    http.put(
        "/Patient/mmn-new",
        "{\"resourceType\":\"Patient\",\"id\":\"mmn-new\",\"extension\":[{\"url\":"
            + "\"http://ex.org/mmn\",\"valueString\":\"Smithers\"}]}");
    assertThat(ids(http.get("/Patient?mothers-maiden-name=smith").body()))
        .containsExactlyInAnyOrder("mmn-7", "mmn-new");
  }

  @Test
  void aJobResumesAfterItsCheckpoint() {
    for (int i = 0; i < 3; i++) {
      http.put("/Patient/res-" + i, "{\"resourceType\":\"Patient\",\"id\":\"res-" + i + "\"}");
    }
    List<Long> pks =
        jdbc.queryForList(
            "select pk from resource where res_id like 'res-%' order by pk", Long.class);
    // As if a job had done the first resource when the server stopped.
    Long id =
        jdbc.queryForObject(
            "insert into search_reindex (status, last_pk, max_pk, processed)"
                + " values ('running', ?, ?, 1) returning id",
            Long.class,
            pks.get(0),
            pks.get(2));
    reindexer.run(id);
    SearchReindexer.Status s = reindexer.latest();
    assertThat(s).isNotNull();
    assertThat(s.status()).isEqualTo("done");
    assertThat(s.processed()).isEqualTo(3);
    assertThat(s.lastPk()).isEqualTo(pks.get(2));
  }

  private static String param(String parameters, String name) {
    for (JsonNode p : Json.parse(parameters).path("parameter")) {
      if (p.path("name").asText().equals(name)) {
        for (String key : List.of("valueCode", "valueDecimal", "valueString")) {
          if (p.has(key)) {
            return p.get(key).asText();
          }
        }
      }
    }
    return "";
  }

  private static List<String> ids(String bundle) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : Json.parse(bundle).path("entry")) {
      out.add(e.path("resource").path("id").asText());
    }
    return out;
  }
}
