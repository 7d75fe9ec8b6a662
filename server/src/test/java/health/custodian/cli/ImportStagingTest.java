package health.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files go through the {@code $import} engine, and where their lines came from. */
class ImportStagingTest {

  private final ObjectMapper json = new ObjectMapper();

  @TempDir Path dir;

  private JsonNode bundle(String type, String entries) throws IOException {
    return json.readTree(
        "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[" + entries + "]}");
  }

  private static String entry(String request) {
    return "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p1\",\"identifier\":"
        + "[{\"system\":\"s\",\"value\":\"v\"}]},\"request\":"
        + request
        + "}";
  }

  @Test
  void bundlesThatOnlyStoreByIdGoThroughTheEngine() throws IOException {
    assertThat(
            BundleRoute.transactionOnly(
                bundle("transaction", entry("{\"method\":\"PUT\",\"url\":\"Patient/p1\"}"))))
        .isNull();
    assertThat(
            BundleRoute.transactionOnly(
                bundle(
                    "batch",
                    entry(
                        "{\"method\":\"POST\",\"url\":\"Patient\",\"ifNoneExist\":\"identifier=s|v\"}"))))
        .isNull();
    assertThat(
            BundleRoute.transactionOnly(
                bundle(
                    "collection", "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p1\"}}")))
        .isNull();
  }

  @Test
  void whatImportCannotExpressKeepsTheTransactionPath() throws IOException {
    assertThat(
            BundleRoute.transactionOnly(
                bundle("transaction", entry("{\"method\":\"DELETE\",\"url\":\"Patient/p1\"}"))))
        .contains("DELETE");
    assertThat(
            BundleRoute.transactionOnly(
                bundle(
                    "transaction",
                    entry(
                        "{\"method\":\"PUT\",\"url\":\"Patient/p1\",\"ifMatch\":\"W/\\\"1\\\"\"}"))))
        .contains("If-Match");
    assertThat(
            BundleRoute.transactionOnly(
                bundle(
                    "transaction",
                    entry("{\"method\":\"POST\",\"url\":\"Patient\",\"ifNoneExist\":\"name=x\"}"))))
        .contains("conditional create");
    assertThat(
            BundleRoute.transactionOnly(
                bundle("searchset", entry("{\"method\":\"PUT\",\"url\":\"Patient/p1\"}"))))
        .contains("searchset");
    assertThat(
            BundleRoute.transactionOnly(
                json.readTree("{\"resourceType\":\"Patient\",\"id\":\"x\"}")))
        .isEqualTo("a single resource");
  }

  @Test
  void mixedNdjsonIsSplitByTypeAndKeepsTheUsersLineNumbers() throws Exception {
    Path file = dir.resolve("mixed.ndjson");
    Files.writeString(
        file,
        "{\"resourceType\":\"Patient\",\"id\":\"a\"}\n"
            + "\n"
            + "not json\n"
            + "{\"id\":\"o1\",\"resourceType\":\"Observation\"}\n"
            + "{\"resourceType\":\"Patient\",\"id\":\"b\"}\n");
    Path staging = dir.resolve("staging");
    ImportStaging.Plan plan =
        new ImportStaging(json, staging)
            .prepare(
                List.of(new ImportFile(file, ImportFiles.PHASE_OTHERS, Files.size(file))),
                StoredMatches.NONE);

    assertThat(plan.rejected()).containsExactly(file + ":3: not a JSON object with a resourceType");
    assertThat(plan.inputs())
        .extracting(StagedInput::type)
        .containsExactly("Observation", "Patient");
    StagedInput patients = plan.inputs().get(1);
    assertThat(patients.path()).startsWith(staging);
    assertThat(patients.lines()).isEqualTo(2);
    assertThat(patients.where(2)).isEqualTo(file + ":5");
    assertThat(plan.inputs().get(0).where(1)).isEqualTo(file + ":4");
    assertThat(plan.resources()).isEqualTo(3);
  }

  @Test
  void singleTypeNdjsonIsImportedAsItIs() throws Exception {
    Path file = dir.resolve("orgs.ndjson");
    Files.writeString(file, "{\"resourceType\":\"Organization\",\"id\":\"o\"}\n");
    Path staging = dir.resolve("staging");
    ImportStaging.Plan plan =
        new ImportStaging(json, staging)
            .prepare(
                List.of(new ImportFile(file, ImportFiles.PHASE_OTHERS, Files.size(file))),
                StoredMatches.NONE);
    assertThat(plan.inputs()).singleElement().satisfies(i -> assertThat(i.path()).isEqualTo(file));
    assertThat(plan.inputs().get(0).where(1)).isEqualTo(file + ":1");
    assertThat(staging).doesNotExist();
  }

  private static String org(String fullUrl, String id, String system, String value) {
    return "{\"fullUrl\":\""
        + fullUrl
        + "\",\"resource\":{\"resourceType\":\"Organization\",\"id\":\""
        + id
        + "\",\"identifier\":[{\"system\":\""
        + system
        + "\",\"value\":\""
        + value
        + "\"}]},\"request\":{\"method\":\"POST\",\"url\":\"Organization\","
        + "\"ifNoneExist\":\"identifier="
        + system
        + "|"
        + value
        + "\"}}";
  }

  private ImportFile write(String name, String type, String... entries) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(
        file,
        "{\"resourceType\":\"Bundle\",\"type\":\""
            + type
            + "\",\"entry\":["
            + String.join(",", entries)
            + "]}");
    return new ImportFile(file, ImportFiles.PHASE_OTHERS, Files.size(file));
  }

  private List<String> lines(StagedInput input) throws IOException {
    return Files.readAllLines(input.path()).stream()
        .map(l -> l.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"))
        .toList();
  }

  /**
   * R4 http 3.1.0.8: a conditional create whose condition matches one stored resource creates
   * nothing, and references to it (by fullUrl or by the condition) name the stored one; a second
   * conditional create of the same condition in the import matches the first; several stored
   * matches are the transaction path's 412.
   */
  @Test
  void conditionalCreatesKeepTheirTransactionMeaning() throws Exception {
    ImportFile orgs =
        write(
            "a-orgs.json",
            "batch",
            org("urn:uuid:new", "org-new", "s", "1"),
            org("urn:uuid:file", "org-file", "s", "2"));
    ImportFile again = write("b-again.json", "batch", org("urn:uuid:dup", "org-dup", "s", "1"));
    ImportFile ambiguous = write("c-amb.json", "batch", org("urn:uuid:amb", "org-amb", "s", "3"));
    ImportFile patients =
        write(
            "d-patients.json",
            "transaction",
            "{\"fullUrl\":\"urn:uuid:p\",\"resource\":{\"resourceType\":\"Patient\","
                + "\"id\":\"p\",\"managingOrganization\":{\"reference\":\"urn:uuid:file\"},"
                + "\"generalPractitioner\":[{\"reference\":\"Organization?identifier=s|2\"},"
                + "{\"reference\":\"urn:uuid:dup\"}]},"
                + "\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}");
    List<StoredMatches.Condition> asked = new java.util.ArrayList<>();
    StoredMatches stored =
        conditions -> {
          asked.addAll(conditions);
          return java.util.Map.of(
              new StoredMatches.Condition("Organization", "s", "2"), List.of("org-stored"),
              new StoredMatches.Condition("Organization", "s", "3"), List.of("x", "y"));
        };

    ImportStaging.Plan plan =
        new ImportStaging(json, dir.resolve("staging"))
            .prepare(List.of(orgs, again, ambiguous, patients), stored);

    assertThat(asked)
        .extracting(StoredMatches.Condition::value)
        .containsExactlyInAnyOrder("1", "2", "1", "3");
    assertThat(plan.matched()).isEqualTo(2);
    assertThat(plan.transaction())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.file()).isEqualTo(ambiguous);
              assertThat(r.reason())
                  .isEqualTo(
                      "entry 1: a conditional create whose condition matches 2 stored resources");
            });
    StagedInput organizations =
        plan.inputs().stream().filter(i -> i.type().equals("Organization")).findFirst().get();
    assertThat(lines(organizations)).containsExactly("org-new");
    StagedInput patient =
        plan.inputs().stream().filter(i -> i.type().equals("Patient")).findFirst().get();
    String written = Files.readString(patient.path());
    assertThat(written)
        .contains("\"managingOrganization\":{\"reference\":\"Organization/org-stored\"}")
        .contains(
            "[{\"reference\":\"Organization/org-stored\"},"
                + "{\"reference\":\"Organization/org-new\"}]");
    // The engine's rejections still name the right entry of the right file.
    assertThat(organizations.where(1)).isEqualTo(orgs.path() + ": entry 1");
  }
}
