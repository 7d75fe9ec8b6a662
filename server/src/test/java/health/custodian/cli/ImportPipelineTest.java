package health.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import health.custodian.cli.FakeFhirServer.Answer;
import health.custodian.cli.FakeFhirServer.Recorded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportPipelineTest {

  private static final String OK_TRANSACTION =
      "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\",\"entry\":[]}";

  private final ObjectMapper json = new ObjectMapper();
  private final List<ImportFailure> failures = new CopyOnWriteArrayList<>();

  @TempDir Path dir;

  @Test
  void sendsEachKindOfFileAsTheFhirApiExpects() throws Exception {
    write("bundle.json", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{}]}");
    write("patient.json", "{\"resourceType\":\"Patient\",\"id\":\"p1\"}");
    write("new.json", "{\"resourceType\":\"Patient\"}");
    try (FakeFhirServer server = new FakeFhirServer(r -> new Answer(200, OK_TRANSACTION))) {
      ImportResult result = importAll(server, 1);

      assertThat(server.requests())
          .extracting(Recorded::method, Recorded::path)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("POST", "/fhir"),
              org.assertj.core.groups.Tuple.tuple("POST", "/fhir/Patient"),
              org.assertj.core.groups.Tuple.tuple("PUT", "/fhir/Patient/p1"));
      assertThat(server.requests())
          .extracting(Recorded::contentType)
          .containsOnly("application/fhir+json");
      assertThat(result.resources()).isEqualTo(3);
      assertThat(result.files()).isEqualTo(3);
      assertThat(result.failed()).isZero();
    }
  }

  @Test
  void aFailedNdjsonGroupIsRetriedLineByLineAndOnlyTheBadLineFails() throws Exception {
    Path file =
        write(
            "obs.ndjson",
            """
            {"resourceType":"Observation","id":"good1"}
            {"resourceType":"Observation","id":"bad"}
            {"resourceType":"Observation","id":"good2"}
            """);
    Function<Recorded, Answer> answers =
        r -> {
          if (r.path().equals("/fhir")) {
            return new Answer(400, FakeFhirServer.outcome("Observation.status: minimum 1"));
          }
          if (r.path().endsWith("/bad")) {
            return new Answer(422, FakeFhirServer.outcome("Observation.status: minimum 1"));
          }
          return new Answer(201, "");
        };
    try (FakeFhirServer server = new FakeFhirServer(answers)) {
      ImportResult result = importAll(server, 2);

      assertThat(result.resources()).isEqualTo(2);
      assertThat(result.failed()).isEqualTo(1);
      assertThat(failures)
          .singleElement()
          .isEqualTo(new ImportFailure(file, "line 2", 422, "Observation.status: minimum 1"));
      assertThat(failures.get(0).describe())
          .isEqualTo(file + ": line 2: HTTP 422: Observation.status: minimum 1");
      assertThat(server.requests()).hasSize(4);
    }
  }

  @Test
  void failedBatchEntriesAreReportedOneByOne() throws Exception {
    Path file =
        write(
            "hospitalInformation1.json",
            "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{},{},{}]}");
    String response =
        """
        {"resourceType":"Bundle","type":"batch-response","entry":[
          {"response":{"status":"201 Created"}},
          {"response":{"status":"400 Bad Request","outcome":{"resourceType":"OperationOutcome",
            "issue":[{"severity":"error","code":"invalid","diagnostics":"Unknown type"}]}}},
          {"response":{"status":"200 OK"}}]}""";
    try (FakeFhirServer server = new FakeFhirServer(r -> new Answer(200, response))) {
      ImportResult result = importAll(server, 2);

      assertThat(result.resources()).isEqualTo(2);
      assertThat(failures).containsExactly(new ImportFailure(file, "entry 2", 400, "Unknown type"));
    }
  }

  @Test
  void aRejectedTransactionStoresNothingAndReportsTheOutcome() throws Exception {
    Path file =
        write("t.json", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{},{}]}");
    try (FakeFhirServer server =
        new FakeFhirServer(r -> new Answer(409, FakeFhirServer.outcome("Version conflict")))) {
      ImportResult result = importAll(server, 2);

      assertThat(result.resources()).isZero();
      assertThat(failures)
          .containsExactly(new ImportFailure(file, "transaction", 409, "Version conflict"));
    }
  }

  @Test
  void referenceDataIsStoredBeforeAnyPatientBundleIsSent() throws Exception {
    for (int i = 0; i < 6; i++) {
      write("patient" + i + ".json", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\"}");
    }
    write("hospitalInformation1.json", "{\"resourceType\":\"Bundle\",\"type\":\"batch\"}");
    write("practitionerInformation1.json", "{\"resourceType\":\"Bundle\",\"type\":\"batch\"}");
    List<String> answered = new CopyOnWriteArrayList<>();
    Function<Recorded, Answer> slowReferenceData =
        r -> {
          if (r.body().contains("batch")) {
            sleep(150);
          }
          answered.add(r.body().contains("batch") ? "reference" : "patient");
          return new Answer(200, OK_TRANSACTION);
        };
    try (FakeFhirServer server = new FakeFhirServer(slowReferenceData)) {
      importAll(server, 4);

      assertThat(answered).hasSize(8);
      assertThat(answered.subList(0, 2)).containsOnly("reference");
    }
  }

  @Test
  void anUnreachableServerIsAFailureNotACrash() throws Exception {
    Path file = write("p.json", "{\"resourceType\":\"Patient\",\"id\":\"x\"}");
    FakeFhirServer server = new FakeFhirServer(r -> new Answer(200, ""));
    server.close();

    ImportResult result = importAll(server, 1);

    assertThat(result.failed()).isEqualTo(1);
    assertThat(failures.get(0).file()).isEqualTo(file);
    assertThat(failures.get(0).status()).isZero();
  }

  private ImportResult importAll(FakeFhirServer server, int threads)
      throws IOException, InterruptedException {
    FhirClient client = new FhirClient(server.fhirBase(), json, Duration.ofSeconds(5));
    ImportListener listener =
        new ImportListener() {
          @Override
          public void failed(ImportFailure failure) {
            failures.add(failure);
          }
        };
    return new ImportPipeline(client, new ImportReader(json, 500), threads, listener)
        .run(ImportFiles.discover(List.of(dir)));
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
