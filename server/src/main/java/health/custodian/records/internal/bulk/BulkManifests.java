package health.custodian.records.internal.bulk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.internal.json.FhirJson;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The completion manifest (IG v2.0.0 "Response - Complete Status") of a finished job. */
@Component
class BulkManifests {

  private final BulkFiles files;
  private final BulkSettings settings;

  BulkManifests(BulkFiles files, BulkSettings settings) {
    this.files = files;
    this.settings = settings;
  }

  String render(BulkJob job, String base) {
    BulkJson.StoredManifest stored =
        BulkJson.read(Objects.requireNonNull(job.manifest()), BulkJson.StoredManifest.class);
    ObjectNode manifest = FhirJson.nodes().objectNode();
    manifest.put("transactionTime", stored.transactionTime());
    manifest.put("request", job.requestUrl());
    // The files are served under /fhir, which needs the bearer token (docs/security.md).
    manifest.put("requiresAccessToken", true);
    entries(manifest.putArray("output"), stored.output(), job.id(), base);
    entries(manifest.putArray("error"), stored.error(), job.id(), base);
    BulkJson.ImportPhases phases = stored.importPhases();
    if (phases != null) {
      // IG v2.0.0 reserves "extension" (a JSON object) for server-specific information.
      ObjectNode extension = manifest.putObject("extension");
      extension.put("searchIndexComplete", true);
      extension.put("loadMillis", phases.loadMillis());
      extension.put("indexMillis", phases.indexMillis());
      extension.put("indexed", phases.indexed());
    }
    return FhirJson.write(manifest);
  }

  private static void entries(
      ArrayNode array, List<ManifestFile> files, String jobId, String base) {
    for (ManifestFile f : files) {
      ObjectNode entry = array.addObject();
      entry.put("type", f.type());
      if (f.file() != null) {
        entry.put("url", base + "/$bulk-file/" + jobId + "/" + f.file());
      }
      if (f.inputUrl() != null) {
        entry.put("inputUrl", f.inputUrl());
      }
      entry.put("count", f.count());
    }
  }

  /** When the files go away (HTTP date): the retention after the job finished. */
  String expires(BulkJob job) {
    Instant finished = job.finishedAt() == null ? Instant.now() : job.finishedAt();
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(
        finished.plus(settings.retention()).atOffset(ZoneOffset.UTC));
  }

  /**
   * The Patients whose data the finished job's file {@code name} holds, as recorded when it was
   * written; empty for files of other kinds and for manifests stored before (issue #5).
   */
  List<String> patients(BulkJob job, String name) {
    if (job.manifest() == null) {
      return List.of();
    }
    BulkJson.StoredManifest stored = BulkJson.read(job.manifest(), BulkJson.StoredManifest.class);
    for (ManifestFile f : stored.output()) {
      List<String> patients = f.patients();
      if (name.equals(f.file()) && patients != null) {
        return patients;
      }
    }
    return List.of();
  }

  Optional<Path> file(String jobId, String name) {
    return files.jobFile(jobId, name);
  }
}
