package health.custodian.records.internal.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.search.PendingIndex;
import health.custodian.records.internal.storage.LinkIndex;
import health.custodian.records.internal.storage.RecordReader;
import health.custodian.records.internal.storage.References;
import health.custodian.records.internal.storage.WriteSession;
import health.custodian.records.internal.storage.WriteSessions;
import health.custodian.records.internal.write.ResourceChecks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs an {@code $import}: reads each input line by line, rejects (and reports) lines that are not
 * JSON, not of the input's type, invalid or truncated, and writes the rest in batches ({@link
 * ImportBatch}, written by {@link ImportWriters} on their own threads) without search index rows;
 * then writes the index rows of everything loaded ({@link PendingIndex}), and builds the secondary
 * indexes dropped for a large load ({@link LinkIndex}), before the job completes. Memory holds
 * three batches a writer, plus 16 bytes per imported resource for the reference check. A cancelled
 * import stops between batches; what was written stays and is indexed.
 */
@Component
class ImportRunner {

  private static final int MAX_LINE = 64 * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

  private final WriteSessions sessions;
  private final ResourceChecks checks;
  private final RecordReader reader;
  private final BulkFiles files;
  private final BulkSettings settings;
  private final PendingIndex pendingIndex;
  private final LinkIndex linkIndex;

  ImportRunner(
      WriteSessions sessions,
      ResourceChecks checks,
      RecordReader reader,
      BulkFiles files,
      BulkSettings settings,
      PendingIndex pendingIndex,
      LinkIndex linkIndex) {
    this.sessions = sessions;
    this.checks = checks;
    this.reader = reader;
    this.files = files;
    this.settings = settings;
    this.pendingIndex = pendingIndex;
    this.linkIndex = linkIndex;
  }

  BulkJson.StoredManifest run(String jobId, ImportRequest request, JobControl control) {
    Path dir = files.cleanJobDir(jobId);
    Instant start = Instant.now();
    // The load phase includes the first pass over the ids.
    long loadStart = System.nanoTime();
    ImportIds ids = ImportIds.scan(request, control, MAX_LINE);
    KeySet keys = settings.importCheckReferences() ? ids.keys() : null;
    List<ManifestFile> output = new ArrayList<>();
    List<ManifestFile> errors = new ArrayList<>();
    long[] total = {0};
    long indexStart;
    long indexed;
    // Error reports stay open until every writer is done: a writer may still reject a line of an
    // earlier input while the parsing thread reads the next one.
    List<ImportErrors> reports = new ArrayList<>();
    List<AtomicLong> loaded = new ArrayList<>();
    boolean indexesSuspended = false;
    try {
      if (linkIndex.worthIt(ids.keys().size(), settings.suspendLinkIndexFrom())) {
        control.progress("dropping the resource link index for a large load");
        indexesSuspended = linkIndex.suspend() > 0;
        if (settings.suspendHistoryIndexes()) {
          indexesSuspended |= linkIndex.suspendHistory() > 0;
        }
      }
      try (ImportWriters writers =
          new ImportWriters(
              settings.importWriters(),
              type -> new ImportBatch(type, sessions, reader, keys),
              settings.importBatch())) {
        for (int i = 0; i < request.inputs().size(); i++) {
          ImportRequest.Input input = request.inputs().get(i);
          ImportErrors report =
              new ImportErrors(dir.resolve("errors-" + (i + 1) + ".ndjson"), input.url());
          reports.add(report);
          loaded.add(writers.begin(input.type(), report));
          load(input, ids, writers, report, control, total);
          writers.end();
        }
        writers.finish();
      }
      for (int i = 0; i < request.inputs().size(); i++) {
        ImportRequest.Input input = request.inputs().get(i);
        ImportErrors report = reports.get(i);
        output.add(new ManifestFile(input.type(), null, loaded.get(i).get(), input.url()));
        if (report.count() > 0) {
          errors.add(
              new ManifestFile("OperationOutcome", report.fileName(), report.count(), input.url()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        closeAll(reports);
      } finally {
        // The load phase ends when the last resource is committed: every one is stored, versioned
        // and readable by id. Secondary indexes are the index phase's work (ADR 0009): the link
        // index (and the history indexes, if dropped) is built on a connection of its own while
        // the search rows are written, and the job completes only once both are done.
        indexStart = System.nanoTime();
        CompletableFuture<Void> links = restoreLinkIndex(indexesSuspended);
        try {
          // Also after a failure or a cancel: what was committed must become searchable.
          indexed = index(control, total[0]);
        } finally {
          awaitLinkIndex(control, total[0], links);
        }
      }
    }
    long loadMillis = (indexStart - loadStart) / 1_000_000;
    long indexMillis = (System.nanoTime() - indexStart) / 1_000_000;
    return new BulkJson.StoredManifest(
        start.toString(),
        output,
        errors,
        false,
        new BulkJson.ImportPhases(loadMillis, indexMillis, indexed));
  }

  /**
   * Starts building the link index dropped for this load (or left dropped by an earlier one whose
   * rebuild failed); a completed future when there is nothing to build. It never fails: a failed
   * build is logged and V35 keeps the definition for the next import or start, since every query
   * stays exact without the index.
   */
  private CompletableFuture<Void> restoreLinkIndex(boolean suspended) {
    try {
      if (suspended || linkIndex.anySuspended()) {
        return linkIndex.restoreInBackground();
      }
    } catch (RuntimeException e) {
      log.error(
          "Rebuilding the resource link index failed, left for the next import or start: {}",
          e.getClass().getName());
    }
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Waits for the link index build, saying so in the job's progress if the search rows are done.
   */
  private static void awaitLinkIndex(
      JobControl control, long loaded, CompletableFuture<Void> links) {
    if (!links.isDone()) {
      control.progress(
          String.format(
              Locale.ROOT,
              "%,d resources loaded; search index built; building the resource link index",
              loaded));
    }
    try {
      links.get();
    } catch (InterruptedException e) {
      // Shutting down: the build goes on or is rolled back, and the next start builds it.
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // restoreInBackground logs its failures itself; nothing else can fail here.
      Throwable cause = e.getCause();
      log.error(
          "Resource link index build: {}", cause == null ? "unknown" : cause.getClass().getName());
    }
  }

  private long index(JobControl control, long loaded) {
    return pendingIndex.indexAll(
        done ->
            control.progress(
                String.format(
                    Locale.ROOT, "%,d resources loaded; search index: %,d written", loaded, done)),
        () ->
            control.progress(
                String.format(
                    Locale.ROOT,
                    "%,d resources loaded; search index: rows written, building its value indexes",
                    loaded)));
  }

  /** Reads one input and queues its checked resources; the writers may still be busy after. */
  private void load(
      ImportRequest.Input input,
      ImportIds ids,
      ImportWriters writers,
      ImportErrors errors,
      JobControl control,
      long[] total)
      throws IOException {
    try (InputStream in = Files.newInputStream(Path.of(input.path()))) {
      NdjsonLines lines = new NdjsonLines(in, MAX_LINE);
      NdjsonLines.Line line;
      while ((line = lines.next()) != null) {
        ImportBatch.Item item = check(input, ids, line, errors);
        if (item == null) {
          continue;
        }
        total[0]++;
        if (writers.add(item)) {
          control.checkCancelled();
          control.progress(
              String.format(Locale.ROOT, "%,d resources read (now %s)", total[0], input.type()));
        }
      }
      control.checkCancelled();
    }
  }

  private static void closeAll(List<ImportErrors> reports) {
    for (ImportErrors report : reports) {
      try {
        report.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The line's resource, checked; null (and reported) when the line is rejected. */
  private ImportBatch.@Nullable Item check(
      ImportRequest.Input input, ImportIds ids, NdjsonLines.Line line, ImportErrors errors) {
    String type = input.type();
    if (line.tooLong()) {
      errors.reject(line.number(), "line-too-long", "too-long", "The line is longer than 64 MB");
      return null;
    }
    if (isBlank(line.bytes())) {
      return null;
    }
    // Valid canonical lines (nearly all of a Synthea load) are checked without a tree.
    FastLine.Facts facts = FastLine.check(checks::validLine, type, line.bytes());
    if (facts != null) {
      if (duplicate(type + "/" + facts.id(), input, ids, line, errors)) {
        return null;
      }
      return new ImportBatch.Item(
          line.number(),
          facts.id(),
          null,
          facts.keys(),
          line.bytes().length,
          line.bytes(),
          facts.tail());
    }
    ObjectNode resource;
    try {
      resource = FhirJson.parseResource(line.bytes());
    } catch (FhirException e) {
      if (!line.terminated()) {
        errors.reject(
            line.number(),
            "truncated-input",
            "incomplete",
            "The last line has no newline and is not complete JSON: the file looks truncated");
      } else {
        errors.reject(line.number(), e);
      }
      return null;
    }
    JsonNode rt = resource.get("resourceType");
    if (rt == null || !rt.isTextual() || !rt.textValue().equals(type)) {
      errors.reject(
          line.number(),
          "type-mismatch",
          "invalid",
          "The line is not a " + type + " resource (input type)");
      return null;
    }
    JsonNode idNode = resource.get("id");
    String id = null;
    try {
      if (idNode != null) {
        id = idNode.asText();
        checks.checkId(id, resource);
        if (duplicate(type + "/" + id, input, ids, line, errors)) {
          return null;
        }
      }
      checks.validate(resource);
    } catch (FhirException e) {
      errors.reject(line.number(), e);
      return null;
    }
    // The line itself becomes the stored body (meta spliced in) when it is already canonical.
    int tail =
        id != null && spliceableMeta(resource)
            ? CanonicalLine.tailStart(type, id, resource.has("meta"), line.bytes())
            : -1;
    // With its text known, the writer needs no tree (except Consent's): dropping it here lets it
    // die young instead of being copied by each young collection until its batch is written.
    ObjectNode tree = tail >= 0 && !WriteSession.needsTree(type) ? null : resource;
    return new ImportBatch.Item(
        line.number(),
        id,
        tree,
        References.localKeys(resource),
        line.bytes().length,
        tail >= 0 ? line.bytes() : null,
        tail);
  }

  /** Whether an earlier line had the key (then this one is rejected and reported). */
  private static boolean duplicate(
      String key,
      ImportRequest.Input input,
      ImportIds ids,
      NdjsonLines.Line line,
      ImportErrors errors) {
    String first = ids.earlierOccurrence(key, input.url(), line.number());
    if (first == null) {
      return false;
    }
    errors.reject(
        line.number(),
        "duplicate-id",
        "duplicate",
        "Duplicate id "
            + key
            + ": first at "
            + first
            + "; an import takes each id once, at its first occurrence");
    return true;
  }

  /**
   * No {@code meta}, or one without the two elements the server sets (Synthea gives every resource
   * a {@code meta.profile}), so that the server's {@code meta} can be spliced into the text.
   */
  static boolean spliceableMeta(ObjectNode resource) {
    JsonNode meta = resource.get("meta");
    return meta == null
        || (meta.isObject() && meta.get("versionId") == null && meta.get("lastUpdated") == null);
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
