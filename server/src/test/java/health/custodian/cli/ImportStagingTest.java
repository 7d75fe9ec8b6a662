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
  void mixedNdjsonIsSplitByTypeAndKeepsTheUsersLineNumbers() throws IOException {
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
            .prepare(List.of(new ImportFile(file, ImportFiles.PHASE_OTHERS, Files.size(file))));

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
  void singleTypeNdjsonIsImportedAsItIs() throws IOException {
    Path file = dir.resolve("orgs.ndjson");
    Files.writeString(file, "{\"resourceType\":\"Organization\",\"id\":\"o\"}\n");
    Path staging = dir.resolve("staging");
    ImportStaging.Plan plan =
        new ImportStaging(json, staging)
            .prepare(List.of(new ImportFile(file, ImportFiles.PHASE_OTHERS, Files.size(file))));
    assertThat(plan.inputs()).singleElement().satisfies(i -> assertThat(i.path()).isEqualTo(file));
    assertThat(plan.inputs().get(0).where(1)).isEqualTo(file + ":1");
    assertThat(staging).doesNotExist();
  }
}
