package health.custodian.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code custodian import [--data DIR] PATH...}: loads FHIR files through the HTTP API. NDJSON and
 * Bundles that mean "store these resources with their ids" go through one Bulk Data {@code $import}
 * job; the rest keeps the transaction path (issue #4).
 */
@Command(
    name = "import",
    description = {
      "Import FHIR NDJSON (.ndjson), Bundles (transaction, batch, collection) and single resources"
          + " (.json), files or directories of them.",
      "NDJSON and Bundles whose entries only create or update resources by id (Synthea's) go"
          + " through the Bulk Data $import engine; other files through the REST API as"
          + " transactions, batches or single requests.",
      "Goes through the server running on the data folder, or starts one for the import."
    })
final class ImportCommand implements Callable<Integer> {

  /** Rejected lines printed one by one; the rest are counted. */
  static final int SHOWN_REJECTIONS = 20;

  @Option(names = "--data", defaultValue = "data", description = "Data folder (default ./data).")
  Path data = Path.of("data");

  @Option(
      names = "--threads",
      defaultValue = "3",
      description = "Parallel senders on the transaction path (default 3).")
  int threads = 3;

  @Option(
      names = "--batch",
      defaultValue = "500",
      description =
          "Resources per transaction for single resources on the transaction path (default 500).")
  int batch = 500;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories.")
  List<Path> paths = List.of();

  @Override
  public Integer call() throws IOException, InterruptedException {
    List<ImportFile> files = ImportFiles.discover(paths);
    if (files.isEmpty()) {
      System.err.println("Nothing to import: no .json or .ndjson files in " + paths);
      return 1;
    }
    ObjectMapper json = new ObjectMapper();
    // Files written for the job live in the data folder, which the server may read, and go when
    // the command ends.
    Path stagingRoot = data.toAbsolutePath().normalize().resolve("import");
    Path staging = stagingRoot.resolve(UUID.randomUUID().toString());
    try {
      return run(files, json, staging);
    } finally {
      Folders.deleteRecursively(staging);
      deleteIfEmpty(stagingRoot);
    }
  }

  private int run(List<ImportFile> files, ObjectMapper json, Path staging)
      throws IOException, InterruptedException {
    long resources = 0;
    long failed = 0;
    long requests = 0;
    Duration startup;
    Duration elapsed;
    try (FhirServer server = FhirServer.connectOrStart(data, importDirs(files, staging));
        ImportProgress progress = new ImportProgress(System.err, System.console() != null, files)) {
      startup = server.startup();
      long begin = System.nanoTime();
      if (server.isInProcess()) {
        progress.message("Started Custodian in-process on " + server.fhirBase());
      } else {
        progress.message("Importing through the running server at " + server.fhirBase());
      }
      // Conditional creates are checked against the store (as the importing caller) while the
      // files are prepared, so the server runs first.
      FhirClient client =
          new FhirClient(server.fhirBase(), json, Duration.ofMinutes(10), server::authorization);
      ImportStaging.Plan plan =
          new ImportStaging(json, staging).prepare(files, StoredMatches.over(client));
      if (plan.matched() > 0) {
        progress.message(
            String.format(
                Locale.ROOT,
                "%,d conditional creates matched a resource already stored or created earlier in"
                    + " this import: not created again",
                plan.matched()));
      }
      for (String line : plan.rejected()) {
        failed++;
        show(progress, failed, line);
      }
      progress.failures(plan.rejected().size());
      if (!plan.inputs().isEmpty()) {
        long total = plan.resources();
        BulkImportClient engine =
            new BulkImportClient(
                server.fhirBase(), json, server::authorization, Duration.ofMillis(250));
        BulkImportClient.Outcome outcome =
            engine.run(plan.inputs(), status -> progress.engine(status, total));
        progress.engineDone(outcome.loaded());
        for (String line : outcome.rejected()) {
          failed++;
          show(progress, failed, line);
        }
        progress.failures(outcome.rejected().size());
        plan.engineFiles().forEach(progress::fileRead);
        resources += outcome.loaded();
        requests++;
        progress.message(
            String.format(
                Locale.ROOT,
                "$import engine: %,d files, %,d resources loaded%s",
                plan.engineFiles().size(),
                outcome.loaded(),
                outcome.uploaded() ? " (uploaded: the server may not read these paths)" : ""));
      }
      if (failed > SHOWN_REJECTIONS) {
        progress.message(
            String.format(
                Locale.ROOT,
                "... and %,d more rejected lines not shown",
                failed - SHOWN_REJECTIONS));
      }
      if (!plan.transaction().isEmpty()) {
        List<ImportFile> rest = new ArrayList<>();
        for (ImportStaging.Routed routed : plan.transaction()) {
          progress.message(
              "transaction path: " + routed.file().path() + " (" + routed.reason() + ")");
          rest.add(routed.file());
        }
        ImportPipeline pipeline =
            new ImportPipeline(client, new ImportReader(json, batch), threads, progress);
        ImportResult result = pipeline.run(rest);
        resources += result.resources();
        failed += result.failed();
        requests += result.requests();
      }
      elapsed = Duration.ofNanos(System.nanoTime() - begin);
    }
    ImportResult result = new ImportResult(files.size(), resources, failed, requests, elapsed);
    System.out.println(summary(result));
    return failed == 0 ? 0 : 1;
  }

  private static void show(ImportProgress progress, long number, String line) {
    if (number <= SHOWN_REJECTIONS) {
      progress.message(line);
    }
  }

  /**
   * The folders an in-process server may read for this job ({@code custodian.bulk.import-dirs}):
   * the staging folder and those of the NDJSON files named (imported as they are, unless they mix
   * types). A running server keeps its own setting; files it may not read are uploaded.
   */
  private static String[] importDirs(List<ImportFile> files, Path staging) {
    Set<String> dirs = new LinkedHashSet<>();
    dirs.add(staging.toString());
    for (ImportFile file : files) {
      Path parent = file.path().toAbsolutePath().normalize().getParent();
      if (ImportFiles.isNdjson(file.path()) && parent != null) {
        dirs.add(parent.toString());
      }
    }
    return new String[] {"--custodian.bulk.import-dirs=" + String.join(",", dirs)};
  }

  static String summary(ImportResult result) {
    return String.format(
        Locale.ROOT,
        "Imported %,d resources from %,d files in %.1f s (%,.0f resources/s); %,d failed.",
        result.resources(),
        result.files(),
        result.elapsed().toMillis() / 1000.0,
        result.resourcesPerSecond(),
        result.failed());
  }

  private static void deleteIfEmpty(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      try (Stream<Path> entries = Files.list(folder)) {
        if (entries.findAny().isPresent()) {
          return;
        }
      }
      Files.deleteIfExists(folder);
    }
  }
}
