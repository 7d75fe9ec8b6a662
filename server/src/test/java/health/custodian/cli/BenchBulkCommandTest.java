package health.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code custodian bench bulk --warmup}: a throwaway run first (its own data folder, deleted
 * after), then the measured run into the given fresh folder, both in this JVM; the table labels
 * which row had a cold JIT and which a warm one.
 */
class BenchBulkCommandTest {

  @TempDir Path dir;

  @Test
  void warmupRunsTheSameImportTwiceAndLabelsTheRows() throws Exception {
    Path ndjson = Files.createDirectories(dir.resolve("ndjson"));
    Files.writeString(
        ndjson.resolve("Patient.ndjson"),
        """
        {"resourceType":"Patient","id":"p1","gender":"female"}
        {"resourceType":"Patient","id":"p2","gender":"male"}
        """);
    Files.writeString(
        ndjson.resolve("Observation.ndjson"),
        """
        {"resourceType":"Observation","id":"o1","status":"final","code":{"text":"x"},\
        "subject":{"reference":"Patient/p1"}}
        """);
    // Marks the NDJSON as converted already, so no Synthea input is needed.
    Files.createFile(ndjson.resolve(".complete"));
    Path data = dir.resolve("data");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    int exit;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      exit =
          new CommandLine(new CliCommands())
              .execute(
                  "bench",
                  "bulk",
                  "--input",
                  dir.resolve("fhir").toString(),
                  "--ndjson",
                  ndjson.toString(),
                  "--data",
                  data.toString(),
                  "--warmup");
    } finally {
      System.setOut(previous);
    }

    assertThat(exit).isZero();
    List<String> rows =
        out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("| 2")).toList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).contains("| cold (warm-up run) |").contains("| 3 |");
    assertThat(rows.get(1)).contains("| **warm** (after a warm-up run) |").contains("| 3 |");
    // The measured run went into the given folder.
    assertThat(data.resolve("pg")).isDirectory();
  }
}
