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
import picocli.CommandLine;

/**
 * {@code custodian import} against a running server (found through the data folder's server.json):
 * Synthea batch and transaction Bundles, NDJSON with one bad line, and a single resource, with the
 * summary line and the exit status. The marker names pid 1 (alive, and not this JVM, which the CLI
 * would not use as "the running server"); the command line authenticates with the credentials the
 * server wrote into its own data folder.
 */
class ImportEndToEndTest extends IntegrationTest {

  @TempDir Path dir;

  @Autowired DataFolder serverFolder;

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

  private int run(PrintStream out, String... args) {
    CommandLine cli = new CommandLine(new CliCommands());
    PrintStream previous = System.out;
    System.setOut(out);
    try {
      return cli.execute(args);
    } finally {
      System.setOut(previous);
    }
  }

  @Test
  void importsSyntheaBundlesThroughTheRunningServerInDependencyOrder() throws IOException {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    pointAtServer(data);
    Path input = dir.resolve("input");
    Files.createDirectories(input);
    // The patient file sorts first by name; practitioners and hospitals must still load first.
    copyFixture("patient-2031-entries.json.gz", input.resolve("Aaron_patient.json"));
    copyFixture("hospitals.json.gz", input.resolve("hospitalInformation1.json"));
    copyFixture("practitioners.json.gz", input.resolve("practitionerInformation1.json"));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            "import",
            "--data",
            data.toString(),
            input.toString());

    String summary = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(summary).isZero();
    assertThat(summary).contains("Imported").contains("0 failed");
    JsonNode patients = Json.parse(new Http(fhirBase()).get("/Patient?_count=1").body());
    assertThat(patients.path("total").asInt()).isEqualTo(1);
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
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            "import",
            "--data",
            data.toString(),
            ndjson.toString());
    assertThat(status).isNotZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("1 failed");
    Http http = new Http(fhirBase());
    assertThat(http.get("/Organization/nd-1").statusCode()).isEqualTo(200);
    assertThat(http.get("/Organization/nd-2").statusCode()).isEqualTo(404);
    assertThat(http.get("/Organization/nd-3").statusCode()).isEqualTo(200);
  }
}
