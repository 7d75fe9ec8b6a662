package health.custodian.records.internal.bulk;

import static health.custodian.records.internal.bulk.BulkTestSupport.ASYNC;
import static health.custodian.records.internal.bulk.BulkTestSupport.download;
import static health.custodian.records.internal.bulk.BulkTestSupport.manifest;
import static health.custodian.records.internal.bulk.BulkTestSupport.statusPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import health.custodian.testsupport.TempFolder;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** $import of NDJSON: good and bad lines, allowed folders, uploads, versions and search. */
class BulkImportTest extends IntegrationTest {

  @RegisterExtension static final TempFolder FOLDER = new TempFolder("custodian-bulk-import-");

  private static final Path BULK_DIR = FOLDER.folder("bulk");
  private static final Path ALLOWED = FOLDER.folder("allowed");
  private static final Path OUTSIDE = FOLDER.folder("outside");

  @DynamicPropertySource
  static void bulk(DynamicPropertyRegistry registry) {
    registry.add("custodian.bulk.dir", BULK_DIR::toString);
    registry.add("custodian.bulk.import-dirs", ALLOWED::toString);
    registry.add("custodian.bulk.import-batch", () -> "3");
  }

  @Autowired JdbcTemplate jdbc;

  private Http http;

  @BeforeEach
  void http() {
    http = new Http(fhirBase());
  }

  private static String input(String type, String url) {
    return "{\"name\":\"input\",\"part\":[{\"name\":\"type\",\"valueCode\":\""
        + type
        + "\"},{\"name\":\"url\",\"valueUri\":\""
        + url
        + "\"}]}";
  }

  private static String parameters(String... inputs) {
    return "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"inputFormat\","
        + "\"valueCode\":\"application/fhir+ndjson\"},"
        + String.join(",", inputs)
        + "]}";
  }

  private static Path write(Path dir, String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  private JsonNode runImport(String body) {
    HttpResponse<String> k = http.post("/$import", body, "Prefer", ASYNC);
    return manifest(http, statusPath(k, fhirBase()));
  }

  @Test
  void goodLinesLoadAndBadLinesAreReported() throws IOException {
    Path patients =
        write(
            ALLOWED,
            "patients.ndjson",
            String.join(
                    "\n",
                    "{\"resourceType\":\"Patient\",\"id\":\"a1\",\"name\":[{\"family\":\"Bulkley\"}]}",
                    "{\"resourceType\":\"Patient\",\"id\":\"a2\"",
                    "",
                    "{\"resourceType\":\"Patient\",\"id\":\"a3\",\"birthDate\":\"not-a-date\"}",
                    "{\"resourceType\":\"Observation\",\"id\":\"x\"}",
                    "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Noid\"}]}",
                    "{\"resourceType\":\"Patient\",\"id\":\"a4\",\"link\":[{\"other\":"
                        + "{\"reference\":\"Patient/ghost\"},\"type\":\"seealso\"}]}",
                    "{\"resourceType\":\"Patient\",\"id\":\"a5\",\"gender\":\"female\"}",
                    "{\"resourceType\":\"Patient\",\"id\":\"a6\",\"gend")
                + "");
    // Forward reference: the Observation file comes after, but its Patient a5 is in the import;
    // and an Observation naming a patient imported in the same run from the first file.
    Path obs =
        write(
            ALLOWED,
            "obs.ndjson",
            "{\"resourceType\":\"Observation\",\"id\":\"ob1\",\"status\":\"final\",\"code\":"
                + "{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/a5\"}}\n");
    JsonNode m =
        runImport(
            parameters(
                input("Observation", obs.toString()), input("Patient", patients.toString())));
    // Complete means indexed: the second phase ran before the job reported completion.
    assertThat(m.path("extension").path("searchIndexComplete").asBoolean()).isTrue();
    assertThat(m.path("extension").path("indexed").asInt()).isEqualTo(4);
    assertThat(jdbc.queryForObject("select count(*) from search_index_pending", Integer.class))
        .isZero();
    assertThat(m.path("output").get(0).path("inputUrl").asText()).isEqualTo(obs.toString());
    assertThat(m.path("output").get(0).path("count").asInt()).isEqualTo(1);
    // a1, the id-less Patient and a5 load.
    assertThat(m.path("output").get(1).path("count").asInt()).isEqualTo(3);
    assertThat(m.path("error")).hasSize(1);
    JsonNode error = m.path("error").get(0);
    assertThat(error.path("type").asText()).isEqualTo("OperationOutcome");
    assertThat(error.path("inputUrl").asText()).isEqualTo(patients.toString());
    assertThat(error.path("count").asInt()).isEqualTo(5);
    // Parse errors and write errors come from two threads: order by line.
    List<JsonNode> outcomes =
        download(http, fhirBase(), error.path("url").asText()).stream()
            .sorted(java.util.Comparator.comparingInt(BulkImportTest::line))
            .toList();
    assertThat(outcomes).hasSize(5);
    assertThat(diagnostics(outcomes.get(0))).contains(" line 2: ");
    assertThat(code(outcomes.get(0))).isEqualTo("invalid-json");
    assertThat(diagnostics(outcomes.get(1))).contains(" line 4: ");
    assertThat(outcomes.get(1).path("issue").get(0).path("expression").get(0).asText())
        .isEqualTo("Patient.birthDate");
    assertThat(diagnostics(outcomes.get(2))).contains(" line 5: ");
    assertThat(code(outcomes.get(2))).isEqualTo("type-mismatch");
    assertThat(diagnostics(outcomes.get(3))).contains(" line 7: ").contains("Patient/ghost");
    assertThat(code(outcomes.get(3))).isEqualTo("reference-not-found");
    assertThat(diagnostics(outcomes.get(4))).contains(" line 9: ");
    assertThat(code(outcomes.get(4))).isEqualTo("truncated-input");

    assertThat(http.get("/Patient/a1").statusCode()).isEqualTo(200);
    assertThat(http.get("/Patient/a3").statusCode()).isEqualTo(404);
    assertThat(http.get("/Patient/a4").statusCode()).isEqualTo(404);
    assertThat(http.get("/Observation/ob1").statusCode()).isEqualTo(200);
    JsonNode search = Json.parse(http.get("/Patient?family=Bulkley").body());
    assertThat(search.path("total").asInt()).isEqualTo(1);
    JsonNode byRef = Json.parse(http.get("/Observation?subject=Patient/a5").body());
    assertThat(byRef.path("total").asInt()).isEqualTo(1);
  }

  @Test
  void importedIdsAreUpsertedAsNewVersions() throws IOException {
    assertThat(
            http.put(
                    "/Patient/v1",
                    "{\"resourceType\":\"Patient\",\"id\":\"v1\",\"gender\":\"male\"}")
                .statusCode())
        .isEqualTo(201);
    Path file =
        write(
            ALLOWED,
            "versions.ndjson",
            "{\"resourceType\":\"Patient\",\"id\":\"v1\",\"gender\":\"female\"}\n"
                + "{\"resourceType\":\"Patient\",\"id\":\"v2\",\"gender\":\"female\"}\n");
    JsonNode m = runImport(parameters(input("Patient", file.toString())));
    assertThat(m.path("output").get(0).path("count").asInt()).isEqualTo(2);
    assertThat(m.path("error")).isEmpty();
    JsonNode v1 = Json.parse(http.get("/Patient/v1").body());
    assertThat(v1.path("meta").path("versionId").asText()).isEqualTo("2");
    assertThat(v1.path("gender").asText()).isEqualTo("female");
    JsonNode history = Json.parse(http.get("/Patient/v1/_history").body());
    assertThat(history.path("total").asInt()).isEqualTo(2);
    Integer indexRows =
        jdbc.queryForObject(
            "select count(*) from sp_token t join resource r on r.pk = t.res_pk"
                + " join sp_param p on p.id = t.param_id where r.res_id = 'v1' and p.code = 'gender'",
            Integer.class);
    assertThat(indexRows).isEqualTo(1);
  }

  @Test
  void duplicateIdsInOneImportAreRejectedNamingTheFirst() throws IOException {
    Path first =
        write(
            ALLOWED,
            "dup-1.ndjson",
            "{\"resourceType\":\"Patient\",\"id\":\"d1\",\"gender\":\"female\"}\n"
                + "{\"resourceType\":\"Patient\",\"id\":\"d2\",\"gender\":\"male\"}\n"
                + "{\"resourceType\":\"Patient\",\"id\":\"d1\",\"gender\":\"other\"}\n"
                + "{\"resourceType\":\"Patient\",\"id\":\"d1\",\"gender\":\"unknown\"}\n");
    // The same id in a second input of the same type is a duplicate too.
    Path second =
        write(
            ALLOWED,
            "dup-2.ndjson",
            "{\"resourceType\":\"Patient\",\"id\":\"d3\"}\n"
                + "{\"resourceType\":\"Patient\",\"id\":\"d2\",\"gender\":\"other\"}\n");
    JsonNode m =
        runImport(
            parameters(input("Patient", first.toString()), input("Patient", second.toString())));
    assertThat(m.path("output").get(0).path("count").asInt()).isEqualTo(2);
    assertThat(m.path("output").get(1).path("count").asInt()).isEqualTo(1);
    assertThat(m.path("error")).hasSize(2);
    List<JsonNode> inFirst =
        download(http, fhirBase(), m.path("error").get(0).path("url").asText()).stream()
            .sorted(java.util.Comparator.comparingInt(BulkImportTest::line))
            .toList();
    assertThat(m.path("error").get(0).path("inputUrl").asText()).isEqualTo(first.toString());
    assertThat(inFirst).hasSize(2);
    assertThat(code(inFirst.get(0))).isEqualTo("duplicate-id");
    assertThat(diagnostics(inFirst.get(0)))
        .startsWith(first + " line 3: ")
        .contains("Patient/d1")
        .contains("first at " + first + " line 1");
    assertThat(diagnostics(inFirst.get(1))).startsWith(first + " line 4: ");
    List<JsonNode> inSecond =
        download(http, fhirBase(), m.path("error").get(1).path("url").asText());
    assertThat(inSecond).hasSize(1);
    assertThat(code(inSecond.get(0))).isEqualTo("duplicate-id");
    assertThat(diagnostics(inSecond.get(0)))
        .startsWith(second + " line 2: ")
        .contains("first at " + first + " line 2");

    // The first occurrence loads, once: one version, indexed by its own values only.
    JsonNode d1 = Json.parse(http.get("/Patient/d1").body());
    assertThat(d1.path("meta").path("versionId").asText()).isEqualTo("1");
    assertThat(d1.path("gender").asText()).isEqualTo("female");
    assertThat(Json.parse(http.get("/Patient/d1/_history").body()).path("total").asInt())
        .isEqualTo(1);
    assertThat(Json.parse(http.get("/Patient/d2").body()).path("gender").asText())
        .isEqualTo("male");
    assertThat(
            Json.parse(http.get("/Patient?_id=d1,d2,d3&gender=other,unknown").body())
                .path("total")
                .asInt())
        .isZero();
    assertThat(Json.parse(http.get("/Patient?_id=d1&gender=female").body()).path("total").asInt())
        .isEqualTo(1);
  }

  @Test
  void textNeedingEscapesIsStoredExactly() throws IOException {
    // New rows go in with COPY's text format, where backslash, tab and newline are special.
    String family = "Back\\\\slash \\\"quoted\\\" tab\\tnew\\nline \\u00e9 \u00e9 \\\\N";
    Path file =
        write(
            ALLOWED,
            "escapes.ndjson",
            "{\"resourceType\":\"Patient\",\"id\":\"esc1\",\"name\":[{\"family\":\""
                + family
                + "\"}]}\n");
    JsonNode m = runImport(parameters(input("Patient", file.toString())));
    assertThat(m.path("error")).isEmpty();
    JsonNode read = Json.parse(http.get("/Patient/esc1").body());
    assertThat(read.path("name").get(0).path("family").asText())
        .isEqualTo("Back\\slash \"quoted\" tab\tnew\nline \u00e9 \u00e9 \\N");
  }

  @Test
  void storedLinesGetTheServersMetaBeforeTheClients() throws IOException {
    // Canonical lines are stored as they are, with meta spliced in: the text must be what
    // serialising the tree gives (versionId, lastUpdated, then the client's meta elements).
    Path file =
        write(
            ALLOWED,
            "meta.ndjson",
            "{\"resourceType\":\"Patient\",\"id\":\"m1\",\"meta\":{\"profile\":"
                + "[\"http://example.org/p\"]},\"gender\":\"male\"}\n"
                + "{\"resourceType\":\"Patient\",\"id\":\"m2\",\"gender\":\"male\"}\n"
                + "{\"resourceType\":\"Patient\", \"id\":\"m3\",\"gender\":\"male\"}\n");
    JsonNode m = runImport(parameters(input("Patient", file.toString())));
    assertThat(m.path("error")).isEmpty();
    for (String id : List.of("m1", "m2", "m3")) {
      String body =
          jdbc.queryForObject(
              "select v.body from resource_version v join resource r on r.pk = v.res_pk"
                  + " where r.res_type = 'Patient' and r.res_id = ?",
              String.class,
              id);
      String lastUpdated = Json.parse(body).path("meta").path("lastUpdated").asText();
      assertThat(lastUpdated).endsWith("Z");
      String meta =
          "\"meta\":{\"versionId\":\"1\",\"lastUpdated\":\""
              + lastUpdated
              + "\""
              + (id.equals("m1") ? ",\"profile\":[\"http://example.org/p\"]" : "")
              + "}";
      assertThat(body)
          .isEqualTo(
              "{\"resourceType\":\"Patient\",\"id\":\""
                  + id
                  + "\","
                  + meta
                  + ",\"gender\":\"male\"}");
    }
  }

  @Test
  void uploadThenImport() {
    HttpResponse<String> up =
        http.send(
            "POST",
            "/$import-upload",
            "{\"resourceType\":\"Patient\",\"id\":\"up1\"}\n{\"resourceType\":\"Patient\",\"id\":\"up2\"}\n",
            "Content-Type",
            "application/fhir+ndjson");
    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    String url = Json.parse(up.body()).path("parameter").get(0).path("valueUrl").asText();
    assertThat(url).startsWith(fhirBase() + "/$import-upload/");
    JsonNode m = runImport(parameters(input("Patient", url)));
    assertThat(m.path("output").get(0).path("count").asInt()).isEqualTo(2);
    assertThat(http.get("/Patient/up2").statusCode()).isEqualTo(200);
  }

  @Test
  void fileOutsideAllowedFoldersIsForbidden() throws IOException {
    Path file = write(OUTSIDE, "p.ndjson", "{\"resourceType\":\"Patient\"}\n");
    HttpResponse<String> r =
        http.post("/$import", parameters(input("Patient", file.toString())), "Prefer", ASYNC);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("OperationOutcome").contains("import-path-forbidden");
    String sneaky = ALLOWED + "/../" + OUTSIDE.getFileName() + "/p.ndjson";
    assertThat(
            http.post("/$import", parameters(input("Patient", sneaky)), "Prefer", ASYNC)
                .statusCode())
        .isEqualTo(403);
    Path link = ALLOWED.resolve("link.ndjson");
    Files.createSymbolicLink(link, file);
    assertThat(
            http.post("/$import", parameters(input("Patient", link.toString())), "Prefer", ASYNC)
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void kickOffErrors() throws IOException {
    Path file = write(ALLOWED, "q.ndjson", "{\"resourceType\":\"Patient\"}\n");
    HttpResponse<String> unknown =
        http.post("/$import", parameters(input("Bogus", file.toString())), "Prefer", ASYNC);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("unknown-resource-type");
    assertThat(http.post("/$import", parameters(input("Patient", file.toString()))).statusCode())
        .isEqualTo(400);
    assertThat(
            http.post(
                    "/$import",
                    parameters(input("Patient", ALLOWED + "/none.ndjson")),
                    "Prefer",
                    ASYNC)
                .statusCode())
        .isEqualTo(400);
  }

  private static int line(JsonNode outcome) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(" line (\\d+): ").matcher(diagnostics(outcome));
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static String diagnostics(JsonNode outcome) {
    return outcome.path("issue").get(0).path("diagnostics").asText();
  }

  private static String code(JsonNode outcome) {
    return outcome.path("issue").get(0).path("details").path("coding").get(0).path("code").asText();
  }
}
