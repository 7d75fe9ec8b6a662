package health.custodian.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code custodian import [--data DIR] PATH...}: loads FHIR files through the REST API. */
@Command(
    name = "import",
    description = {
      "Import FHIR Bundles (transaction, batch, collection), single resources (.json) and NDJSON"
          + " (.ndjson) files or directories of them.",
      "Goes through the server running on the data folder, or starts one for the import."
    })
final class ImportCommand implements Callable<Integer> {

  @Option(names = "--data", defaultValue = "data", description = "Data folder (default ./data).")
  Path data = Path.of("data");

  @Option(names = "--threads", defaultValue = "3", description = "Parallel senders (default 3).")
  int threads = 3;

  @Option(
      names = "--batch",
      defaultValue = "500",
      description = "NDJSON resources per transaction (default 500).")
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
    ImportResult result;
    try (FhirServer server = FhirServer.connectOrStart(data);
        ImportProgress progress = new ImportProgress(System.err, System.console() != null, files)) {
      if (server.isInProcess()) {
        System.err.println("Started Custodian in-process on " + server.fhirBase());
      } else {
        System.err.println("Importing through the running server at " + server.fhirBase());
      }
      ObjectMapper json = new ObjectMapper();
      FhirClient client =
          new FhirClient(server.fhirBase(), json, Duration.ofMinutes(10), server::authorization);
      ImportPipeline pipeline =
          new ImportPipeline(client, new ImportReader(json, batch), threads, progress);
      result = pipeline.run(files);
    }
    System.out.println(summary(result));
    return result.failed() == 0 ? 0 : 1;
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
}
