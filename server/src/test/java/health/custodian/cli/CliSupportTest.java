package health.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.platform.RunningServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliSupportTest {

  @TempDir Path data;

  @Test
  void aMarkerOfALiveProcessNamesTheRunningServer() throws Exception {
    long parent = ProcessHandle.current().parent().orElseThrow().pid();
    RunningServer.of(parent, 8123).write(data.resolve("server.json"));

    assertThat(FhirServer.running(data))
        .contains(new RunningServer(parent, 8123, "http://localhost:8123/fhir"));
  }

  @Test
  void aStaleMarkerIsIgnored() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    RunningServer.of(gone.pid(), 8123).write(data.resolve("server.json"));

    assertThat(FhirServer.running(data)).isEmpty();
  }

  @Test
  void summaryLineAndProgressBar() {
    ImportResult result = new ImportResult(105, 211_034, 0, 120, Duration.ofMillis(48_200));
    assertThat(ImportCommand.summary(result))
        .isEqualTo(
            "Imported 211,034 resources from 105 files in 48.2 s (4,378 resources/s); 0 failed.");

    ImportFile file = new ImportFile(Path.of("a.json"), 2, 100);
    try (ImportProgress progress =
        new ImportProgress(
            System.err, false, List.of(file, new ImportFile(Path.of("b"), 2, 300)))) {
      progress.fileRead(file);
      progress.requestDone(
          new ImportRequest("POST", "", new byte[0], file.path(), "transaction", 50, List.of()),
          1,
          50,
          false);
      assertThat(progress.line(10_000_000_000L))
          .isEqualTo("[######..................]  25%  files 1/2  resources 50  5/s  ETA 0:30");
    }
  }

  @Test
  void progressBarFollowsTheImportJob() {
    ImportFile file = new ImportFile(Path.of("a.ndjson"), 2, 100);
    try (ImportProgress progress = new ImportProgress(System.err, false, List.of(file))) {
      // Reading is the first half of the bar, indexing the second (X-Progress texts of the job).
      progress.engine("1,000 resources read (now Patient)", 4_000);
      assertThat(progress.line(10_000_000_000L))
          .startsWith("[###.....................]  13%  files 0/1  resources 1,000  100/s")
          .endsWith("$import: 1,000 resources read (now Patient)");
      progress.engine("4,000 resources loaded; search index: 2,000 written", 4_000);
      assertThat(progress.line(10_000_000_000L)).startsWith("[##################......]  75%");
      progress.engineDone(3_990);
      progress.fileRead(file);
      assertThat(progress.line(10_000_000_000L))
          .isEqualTo(
              "[########################] 100%  files 1/1  resources 3,990  399/s  ETA --:--");
    }
  }

  @Test
  void latencyPercentiles() {
    LatencyRecorder latencies = new LatencyRecorder();
    for (int i = 1; i <= 100; i++) {
      latencies.requestDone(
          new ImportRequest("POST", "", new byte[0], Path.of("x"), "t", 1, List.of()),
          i * 1_000_000L,
          1,
          false);
    }
    assertThat(latencies.percentileMillis(50)).isEqualTo(50.0);
    assertThat(latencies.percentileMillis(95)).isEqualTo(95.0);
    assertThat(latencies.percentileMillis(100)).isEqualTo(100.0);
  }
}
