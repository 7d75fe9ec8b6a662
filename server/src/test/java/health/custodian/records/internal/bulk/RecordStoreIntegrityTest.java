package health.custodian.records.internal.bulk;

import static health.custodian.records.internal.bulk.BulkTestSupport.ASYNC;
import static health.custodian.records.internal.bulk.BulkTestSupport.manifest;
import static health.custodian.records.internal.bulk.BulkTestSupport.statusPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.TempFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the foreign keys from {@code resource_version} and {@code resource_link} to {@code resource}
 * guaranteed before V29 dropped them (docs/adr/0005-record-store-without-foreign-keys.md): after
 * every kind of write (create, update, delete, transaction Bundles that commit and that roll back,
 * bulk imports with good, rejected and upserted lines in several batches), no version and no link
 * is left without its resource row.
 */
class RecordStoreIntegrityTest extends IntegrationTest {

  @RegisterExtension static final TempFolder FOLDER = new TempFolder("custodian-integrity-");

  private static final Path BULK_DIR = FOLDER.folder("bulk");
  private static final Path ALLOWED = FOLDER.folder("allowed");

  /** The integrity the two foreign keys enforced, as a query: rows without their resource. */
  static final String ORPHANS =
      "select (select count(*) from resource_version v"
          + " where not exists (select 1 from resource r where r.pk = v.res_pk))"
          + " + (select count(*) from resource_link l"
          + " where not exists (select 1 from resource r where r.pk = l.src_pk))";

  @DynamicPropertySource
  static void bulk(DynamicPropertyRegistry registry) {
    registry.add("custodian.bulk.dir", BULK_DIR::toString);
    registry.add("custodian.bulk.import-dirs", ALLOWED::toString);
    registry.add("custodian.bulk.import-batch", () -> "2");
  }

  @Autowired JdbcTemplate jdbc;

  private Http http;

  @BeforeEach
  void http() {
    http = new Http(fhirBase());
  }

  @Test
  void theForeignKeysAreGone() {
    Integer keys =
        jdbc.queryForObject(
            "select count(*) from pg_constraint where contype = 'f'"
                + " and conrelid in ('resource_version'::regclass, 'resource_link'::regclass)",
            Integer.class);
    assertThat(keys).isZero();
  }

  /** V34 (docs/adr/0006-resource-bodies-stored-inline.md): bodies up to a page stay inline. */
  @Test
  void bodiesUpToAPageAreStoredInlineAndUncompressed() {
    assertThat(
            jdbc.queryForObject(
                "select array_to_string(reloptions, ',') from pg_class"
                    + " where oid = 'resource_version'::regclass",
                String.class))
        .contains("toast_tuple_target=8160");
    String mid = "x".repeat(5_000);
    String large = "y".repeat(40_000);
    for (String[] p : new String[][] {{"ri-mid", mid}, {"ri-large", large}}) {
      assertThat(
              http.put(
                      "/Patient/" + p[0],
                      "{\"resourceType\":\"Patient\",\"id\":\""
                          + p[0]
                          + "\",\"name\":[{\"text\":\""
                          + p[1]
                          + "\"}]}")
                  .statusCode())
          .isEqualTo(201);
    }
    String compression =
        "select coalesce(pg_column_compression(body)::text, 'none') from resource_version"
            + " where res_id = ?";
    // A 5 kB body was compressed with pglz before V34 (over the default 2 kB target).
    assertThat(jdbc.queryForObject(compression, String.class, "ri-mid")).isEqualTo("none");
    assertThat(jdbc.queryForObject(compression, String.class, "ri-large")).isEqualTo("pglz");
    assertThat(http.get("/Patient/ri-mid").body()).contains(mid);
  }

  @Test
  void noWriterLeavesAVersionOrLinkWithoutItsResource() throws IOException {
    // Interactions one by one.
    assertThat(
            http.put("/Patient/ri-p1", "{\"resourceType\":\"Patient\",\"id\":\"ri-p1\"}")
                .statusCode())
        .isEqualTo(201);
    assertThat(
            http.post(
                    "/Observation",
                    "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
                        + "\"subject\":{\"reference\":\"Patient/ri-p1\"}}")
                .statusCode())
        .isEqualTo(201);
    assertThat(
            http.put(
                    "/Observation/ri-o1",
                    "{\"resourceType\":\"Observation\",\"id\":\"ri-o1\",\"status\":\"final\","
                        + "\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/ri-p1\"}}")
                .statusCode())
        .isEqualTo(201);
    assertThat(http.delete("/Observation/ri-o1").statusCode()).isIn(200, 204);

    // A transaction that commits, and one that fails on its last entry and rolls back.
    assertThat(http.post("/", bundle("ri-p2", "Patient/ri-p2")).statusCode()).isEqualTo(200);
    assertThat(http.post("/", bundle("ri-p3", "Patient/ri-missing")).statusCode())
        .isBetween(400, 499);

    // A bulk import in batches of two: new ids, an upsert of an existing one, references forward
    // in the import, and rejected lines among them.
    Path file =
        Files.writeString(
            ALLOWED.resolve("integrity.ndjson"),
            String.join(
                    "\n",
                    "{\"resourceType\":\"Observation\",\"id\":\"ri-i1\",\"status\":\"final\","
                        + "\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/ri-p1\"}}",
                    "{\"resourceType\":\"Observation\",\"id\":\"ri-i2\",\"status\":\"bogus\","
                        + "\"code\":{\"text\":\"x\"}}",
                    "{\"resourceType\":\"Observation\",\"id\":\"ri-i3\",\"status\":\"final\","
                        + "\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/ri-nowhere\"}}",
                    "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
                        + "\"subject\":{\"reference\":\"Patient/ri-p2\"}}",
                    "{\"resourceType\":\"Observation\",\"id\":\"ri-o1\",\"status\":\"final\","
                        + "\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/ri-p1\"}}",
                    "not json",
                    "{\"resourceType\":\"Observation\",\"id\":\"ri-i4\",\"status\":\"final\","
                        + "\"code\":{\"text\":\"x\"},\"hasMember\":[{\"reference\":\"Observation/ri-i1\"}]}")
                + "\n",
            StandardCharsets.UTF_8);
    JsonNode m =
        manifest(
            http,
            statusPath(
                http.post(
                    "/$import",
                    "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"input\",\"part\":["
                        + "{\"name\":\"type\",\"valueCode\":\"Observation\"},"
                        + "{\"name\":\"url\",\"valueUri\":\""
                        + file
                        + "\"}]}]}",
                    "Prefer",
                    ASYNC),
                fhirBase()));
    assertThat(m.path("output").get(0).path("count").asInt()).isEqualTo(4);
    assertThat(m.path("error").get(0).path("count").asInt()).isEqualTo(3);

    Integer versions = jdbc.queryForObject("select count(*) from resource_version", Integer.class);
    Integer links = jdbc.queryForObject("select count(*) from resource_link", Integer.class);
    assertThat(versions).isGreaterThanOrEqualTo(10);
    assertThat(links).isGreaterThanOrEqualTo(5);
    assertThat(jdbc.queryForObject(ORPHANS, Integer.class)).isZero();
  }

  private static String bundle(String patientId, String reference) {
    return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
        + "{\"fullUrl\":\"urn:uuid:p\",\"resource\":{\"resourceType\":\"Patient\",\"id\":\""
        + patientId
        + "\"},\"request\":{\"method\":\"PUT\",\"url\":\"Patient/"
        + patientId
        + "\"}},"
        + "{\"fullUrl\":\"urn:uuid:o\",\"resource\":{\"resourceType\":\"Observation\","
        + "\"status\":\"final\",\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\""
        + reference
        + "\"}},\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}";
  }
}
