package health.custodian.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code custodian bench ingest --input DIR}: loads a Synthea population through the REST API of an
 * in-process server and reports throughput, latency and memory. The {@code custodian} script
 * generates (or reuses) the population and passes its FHIR folder as {@code --input}.
 */
@Command(name = "ingest", description = "Measure ingest of a Synthea population.")
final class BenchIngestCommand implements Callable<Integer> {

  static final String TABLE_HEADER =
      "| Date | Patients (seed) | Threads | Resources | Bundles | Time (s) | Resources/s"
          + " | p50 (ms) | p95 (ms) | max (ms) | Peak heap (MB) | Peak RSS (MB) | Ready (s)"
          + " | Failed |\n"
          + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

  @Option(names = "--input", required = true, description = "Synthea FHIR output folder.")
  Path input = Path.of(".");

  @Option(
      names = "--patients",
      defaultValue = "0",
      description = "Population size (for the report).")
  int patients;

  @Option(names = "--seed", defaultValue = "0", description = "Synthea seed (for the report).")
  long seed;

  @Option(
      names = "--data",
      description = "Data folder to load into (default: a fresh temporary one, deleted after).")
  @Nullable Path data;

  @Option(names = "--threads", defaultValue = "2", description = "Parallel senders (default 2).")
  int threads = 2;

  @Override
  public Integer call() throws IOException, InterruptedException {
    List<ImportFile> files = ImportFiles.discover(List.of(input));
    if (files.isEmpty()) {
      System.err.println("No FHIR files in " + input);
      return 1;
    }
    Path folder = data != null ? data : Files.createTempDirectory("custodian-bench-");
    if (FhirServer.running(folder).isPresent()) {
      System.err.println("A server is running on " + folder + "; bench needs its own.");
      return 1;
    }
    try (MemorySampler memory = new MemorySampler()) {
      FhirServer server = FhirServer.start(folder);
      long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
      double readySeconds = (System.currentTimeMillis() - jvmStart) / 1000.0;
      System.err.printf(
          Locale.ROOT,
          "Custodian ready %.1f s after JVM start (context start %.1f s) on %s%n",
          readySeconds,
          server.startup().toMillis() / 1000.0,
          folder);
      LatencyRecorder latencies = new LatencyRecorder();
      ImportResult result;
      try (server;
          ImportProgress progress =
              new ImportProgress(System.err, System.console() != null, files)) {
        ObjectMapper json = new ObjectMapper();
        FhirClient client =
            new FhirClient(server.fhirBase(), json, Duration.ofMinutes(10), server::authorization);
        ImportPipeline pipeline =
            new ImportPipeline(
                client,
                new ImportReader(json, 500),
                threads,
                ImportListener.both(latencies, progress));
        result = pipeline.run(files);
      }
      System.out.println(ImportCommand.summary(result));
      System.out.println();
      System.out.println(TABLE_HEADER);
      System.out.println(
          row(
              result,
              latencies,
              memory.peakHeapBytes(),
              MemorySampler.peakRssBytes(),
              readySeconds));
      return result.failed() == 0 ? 0 : 1;
    } finally {
      if (data == null) {
        Folders.deleteRecursively(folder);
      }
    }
  }

  String row(
      ImportResult result, LatencyRecorder latencies, long heap, long rss, double readySeconds) {
    return String.format(
        Locale.ROOT,
        "| %s | %s (%d) | %d | %,d | %,d | %.1f | %,.0f | %.0f | %.0f | %.0f | %,d | %s | %.1f | %,d |",
        LocalDate.now(java.time.ZoneOffset.UTC),
        patients > 0 ? String.format(Locale.ROOT, "%,d", patients) : "?",
        seed,
        threads,
        result.resources(),
        latencies.count(),
        result.elapsed().toMillis() / 1000.0,
        result.resourcesPerSecond(),
        latencies.percentileMillis(50),
        latencies.percentileMillis(95),
        latencies.percentileMillis(100),
        heap / (1024 * 1024),
        rss < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", rss / (1024 * 1024)),
        readySeconds,
        result.failed());
  }
}
