package health.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.platform.DataFolder;
import health.custodian.platform.RunningServer;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine;

/**
 * {@code custodian import} against a running server (found through the data folder's server.json):
 * Synthea Bundles and NDJSON through the Bulk Data {@code $import} engine (uploaded, since this
 * server may read no folder), a Bundle that keeps the transaction path, and NDJSON with one bad
 * line, with the summary line, the report of each file's path and the exit status. The marker names
 * pid 1 (alive, and not this JVM, which the CLI would not use as "the running server"); the command
 * line authenticates with the credentials the server wrote into its own data folder.
 */
class ImportEndToEndTest extends IntegrationTest {

  @TempDir Path dir;

  @Autowired DataFolder serverFolder;

  @Autowired JdbcClient jdbc;

  /** What the command printed: stdout (the summary) and stderr (routes, rejected lines). */
  private record Run(int status, String out, String err) {}

  /**
   * Makes {@code data} look like the running server's folder: its marker, and the command line's
   * credentials the server wrote at start.
   */
  private void pointAtServer(Path data) throws IOException {
    RunningServer.of(1, port).write(data.resolve("server.json"));
    Path secrets = Files.createDirectories(data.resolve("secrets"));
    Files.copy(
        serverFolder.dataDir().resolve("secrets").resolve("cli.json"),
        secrets.resolve("cli.json"),
        StandardCopyOption.REPLACE_EXISTING);
  }

  private static void copyFixture(String name, Path target) throws IOException {
    try (InputStream in =
        new GZIPInputStream(
            ImportEndToEndTest.class.getResourceAsStream("/fixtures/synthea/" + name))) {
      Files.write(target, in.readAllBytes());
    }
  }

  private Run run(String... args) {
    CommandLine cli = new CommandLine(new CliCommands());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream previousOut = System.out;
    PrintStream previousErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int status = cli.execute(args);
      return new Run(
          status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(previousOut);
      System.setErr(previousErr);
    }
  }

  private long importJobs() {
    return jdbc.sql("select count(*) from bulk_job where kind = 'import' and state = 'completed'")
        .query(Long.class)
        .single();
  }

  @Test
  void importsSyntheaBundlesThroughTheImportEngine() throws IOException {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    pointAtServer(data);
    Path input = dir.resolve("input");
    Files.createDirectories(input);
    // The patient file sorts first by name; its references to practitioners and hospitals (by
    // identifier condition) must still resolve.
    copyFixture("patient-2031-entries.json.gz", input.resolve("Aaron_patient.json"));
    copyFixture("hospitals.json.gz", input.resolve("hospitalInformation1.json"));
    copyFixture("practitioners.json.gz", input.resolve("practitionerInformation1.json"));
    long jobsBefore = importJobs();
    Http http = new Http(fhirBase());
    int patientsBefore =
        Json.parse(http.get("/Patient?_summary=count").body()).path("total").asInt();

    Run run = run("import", "--data", data.toString(), input.toString());

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("Imported").contains("from 3 files").contains("; 0 failed");
    assertThat(run.err()).contains("$import engine: 3 files").doesNotContain("transaction path");
    assertThat(importJobs()).isEqualTo(jobsBefore + 1);
    assertThat(Json.parse(http.get("/Patient?_summary=count").body()).path("total").asInt())
        .isEqualTo(patientsBefore + 1);
    JsonNode patients = Json.parse(http.get("/Patient?_sort=-_lastUpdated&_count=1").body());
    String patient = patients.path("entry").get(0).path("resource").path("id").asText();
    JsonNode encounters =
        Json.parse(http.get("/Encounter?subject=Patient/" + patient + "&_count=1").body());
    assertThat(encounters.path("total").asInt()).isPositive();
    // The conditional reference to the practitioner was rewritten to the practitioner's id.
    String participant =
        encounters
            .path("entry")
            .get(0)
            .path("resource")
            .path("participant")
            .get(0)
            .path("individual")
            .path("reference")
            .asText();
    assertThat(participant).startsWith("Practitioner/").doesNotContain("?");
    assertThat(http.get("/" + participant).statusCode()).isEqualTo(200);
    // Nothing written for the job is left in the data folder.
    assertThat(data.resolve("import")).doesNotExist();
  }

  @Test
  void mixedNdjsonGoesThroughTheEngineVersionedAndSearchable() throws IOException {
    Path data = dir.resolve("data3");
    Files.createDirectories(data);
    pointAtServer(data);
    Path ndjson = dir.resolve("mixed.ndjson");
    Files.writeString(
        ndjson,
        "{\"resourceType\":\"Patient\",\"id\":\"mix-p1\",\"name\":[{\"family\":\"Mixwell\"}]}\n"
            + "\n"
            + "{\"resourceType\":\"Observation\",\"id\":\"mix-o1\",\"status\":\"final\","
            + "\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/mix-p1\"}}\n");
    long jobsBefore = importJobs();
    audit.clear();

    Run run = run("import", "--data", data.toString(), ndjson.toString());

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("Imported 2 resources from 1 files");
    assertThat(importJobs()).isEqualTo(jobsBefore + 1);
    assertThat(audit.ofSubtype("import")).isNotEmpty();
    Http http = new Http(fhirBase());
    JsonNode patient = Json.parse(http.get("/Patient/mix-p1").body());
    assertThat(patient.path("meta").path("versionId").asText()).isEqualTo("1");
    JsonNode found = Json.parse(http.get("/Observation?subject=Patient/mix-p1").body());
    assertThat(found.path("total").asInt()).isEqualTo(1);
    assertThat(Json.parse(http.get("/Patient?family=Mixwell").body()).path("total").asInt())
        .isEqualTo(1);
    assertThat(data.resolve("import")).doesNotExist();
  }

  @Test
  void aBundleTheEngineCannotExpressKeepsTheTransactionPath() throws IOException {
    Path data = dir.resolve("data4");
    Files.createDirectories(data);
    pointAtServer(data);
    Path bundle = dir.resolve("conditional.json");
    // A conditional update (R4 http 3.1.0.4.3): only a transaction can search for the match.
    Files.writeString(
        bundle,
        """
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"resource":{"resourceType":"Patient","id":"cond-1",
             "identifier":[{"system":"urn:test:cli","value":"c1"}]},
           "request":{"method":"PUT","url":"Patient?identifier=urn:test:cli|c1"}}]}
        """);

    Run run = run("import", "--data", data.toString(), bundle.toString());

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("transaction path: " + bundle + " (entry 1: a conditional or other-id update)")
        .doesNotContain("$import engine");
    assertThat(run.out()).contains("Imported 1 resources from 1 files");
    JsonNode found =
        Json.parse(new Http(fhirBase()).get("/Patient?identifier=urn:test:cli%7Cc1").body());
    assertThat(found.path("total").asInt()).isEqualTo(1);
  }

  /**
   * The store already holds the Organization a Synthea-like batch creates conditionally, under
   * another id: as on the transaction path (R4 http 3.1.0.8), no second Organization is created,
   * the stored one is left as it is, and the conditional reference of the patient Bundle names it.
   */
  @Test
  void aConditionalCreateMatchingAStoredResourceCreatesNothing() throws IOException {
    Path data = dir.resolve("data5");
    Files.createDirectories(data);
    pointAtServer(data);
    Http http = new Http(fhirBase());
    http.putOk(
        "Organization/stored-org",
        "{\"resourceType\":\"Organization\",\"id\":\"stored-org\",\"name\":\"Stored\","
            + "\"identifier\":[{\"system\":\"urn:test:cond\",\"value\":\"h1\"}]}");
    Path input = Files.createDirectories(dir.resolve("cond-input"));
    Files.writeString(
        input.resolve("hospitalInformation1.json"),
        """
        {"resourceType":"Bundle","type":"batch","entry":[
          {"fullUrl":"urn:uuid:file-org","resource":{"resourceType":"Organization","id":"file-org",
             "name":"From the file","identifier":[{"system":"urn:test:cond","value":"h1"}]},
           "request":{"method":"POST","url":"Organization","ifNoneExist":"identifier=urn:test:cond|h1"}},
          {"fullUrl":"urn:uuid:file-org-2","resource":{"resourceType":"Organization","id":"file-org-2",
             "identifier":[{"system":"urn:test:cond","value":"h2"}]},
           "request":{"method":"POST","url":"Organization","ifNoneExist":"identifier=urn:test:cond|h2"}}]}
        """);
    Files.writeString(
        input.resolve("patient.json"),
        """
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"fullUrl":"urn:uuid:cond-p","resource":{"resourceType":"Patient","id":"cond-p",
             "managingOrganization":{"reference":"Organization?identifier=urn:test:cond|h1"},
             "generalPractitioner":[{"reference":"urn:uuid:file-org-2"}]},
           "request":{"method":"POST","url":"Patient"}}]}
        """);

    Run run = run("import", "--data", data.toString(), input.toString());

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("1 conditional creates matched a resource already stored")
        .doesNotContain("transaction path");
    assertThat(run.out()).contains("Imported 2 resources from 2 files");
    assertThat(http.get("/Organization/file-org").statusCode()).isEqualTo(404);
    JsonNode matches = Json.parse(http.get("/Organization?identifier=urn:test:cond%7Ch1").body());
    assertThat(matches.path("total").asInt()).isEqualTo(1);
    JsonNode stored = Json.parse(http.get("/Organization/stored-org").body());
    assertThat(stored.path("name").asText()).isEqualTo("Stored");
    assertThat(stored.path("meta").path("versionId").asText()).isEqualTo("1");
    JsonNode patient = Json.parse(http.get("/Patient/cond-p").body());
    assertThat(patient.path("managingOrganization").path("reference").asText())
        .isEqualTo("Organization/stored-org");
    assertThat(patient.path("generalPractitioner").get(0).path("reference").asText())
        .isEqualTo("Organization/file-org-2");
    assertThat(http.get("/Organization/file-org-2").statusCode()).isEqualTo(200);
  }

  @Test
  void reportsTheBadLineOfAnNdjsonFileAndLoadsTheRest() throws IOException {
    Path data = dir.resolve("data2");
    Files.createDirectories(data);
    pointAtServer(data);
    Path ndjson = dir.resolve("orgs.ndjson");
    Files.writeString(
        ndjson,
        "{\"resourceType\":\"Organization\",\"id\":\"nd-1\",\"name\":\"One\"}\n"
            + "{\"resourceType\":\"Organization\",\"id\":\"nd-2\",\"active\":\"yes\"}\n"
            + "{\"resourceType\":\"Organization\",\"id\":\"nd-3\",\"name\":\"Three\"}\n");

    Run run = run("import", "--data", data.toString(), ndjson.toString());

    assertThat(run.status()).isNotZero();
    assertThat(run.out()).contains("Imported 2 resources").contains("1 failed");
    assertThat(run.err()).contains(ndjson + ":2: ").doesNotContain(ndjson + ":1: ");
    Http http = new Http(fhirBase());
    assertThat(http.get("/Organization/nd-1").statusCode()).isEqualTo(200);
    assertThat(http.get("/Organization/nd-2").statusCode()).isEqualTo(404);
    assertThat(http.get("/Organization/nd-3").statusCode()).isEqualTo(200);
  }
}
