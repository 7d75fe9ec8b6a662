package health.custodian.records.internal.bulk;

import health.custodian.access.Caller;
import health.custodian.records.internal.access.CallerJson;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Creates, finds and cancels jobs: the table and the worker together. */
@Component
class BulkJobs {

  private final BulkJobStore store;
  private final BulkWorker worker;
  private final BulkFiles files;
  private final Clock clock = Clock.systemUTC();

  BulkJobs(BulkJobStore store, BulkWorker worker, BulkFiles files) {
    this.store = store;
    this.worker = worker;
    this.files = files;
  }

  /** Persists a queued job and hands it to the worker; returns its id. */
  String start(BulkJob.Kind kind, String requestUrl, Object request, @Nullable String callerJson) {
    String id = UUID.randomUUID().toString();
    store.insert(id, kind, requestUrl, BulkJson.write(request), callerJson, clock.instant());
    worker.submit(id);
    return id;
  }

  /** A visible job: cancelled (deleted) jobs are gone for clients. */
  Optional<BulkJob> find(String id) {
    if (!BulkFiles.isId(id)) {
      return Optional.empty();
    }
    return store.find(id).filter(j -> j.state() != BulkJob.State.CANCELLED);
  }

  /**
   * The job's kick-off caller; null for a job that recorded none (before V21, or imports before
   * they kept theirs).
   */
  @Nullable Caller caller(String id) {
    return store.caller(id).map(CallerJson::parse).orElse(null);
  }

  /** The resource types a job exports (associated Provenance included) or imports. */
  static List<String> types(BulkJob job) {
    return switch (job.kind()) {
      case EXPORT -> BulkJson.read(job.parameters(), ExportRequest.class).exportedTypes();
      case IMPORT ->
          BulkJson.read(job.parameters(), ImportRequest.class).inputs().stream()
              .map(ImportRequest.Input::type)
              .distinct()
              .toList();
    };
  }

  Optional<String> progress(String id) {
    return worker.progress(id);
  }

  /**
   * IG v2.0.0 "Bulk Data Delete Request": stops the job if it runs and removes its files; false
   * when there is no such job (any more).
   */
  boolean cancel(String id) {
    if (find(id).isEmpty() || !store.cancel(id)) {
      return false;
    }
    worker.cancel(id);
    files.deleteJob(id);
    return true;
  }
}
