package health.custodian.records.internal.bulk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Start-up recovery and retention. A stop in the middle leaves jobs {@code in-progress} with no
 * thread running them: exports are re-queued from scratch (they only read, so a rerun is exact);
 * imports are failed, because their committed batches stay and a blind rerun would add versions.
 * Finished jobs, their files and unused uploads go after {@code custodian.bulk.retention}.
 */
@Component
class BulkMaintenance {

  private static final Logger LOG = LoggerFactory.getLogger(BulkMaintenance.class);

  private final BulkJobStore store;
  private final BulkWorker worker;
  private final BulkFiles files;
  private final BulkSettings settings;
  private final Clock clock = Clock.systemUTC();

  BulkMaintenance(BulkJobStore store, BulkWorker worker, BulkFiles files, BulkSettings settings) {
    this.store = store;
    this.worker = worker;
    this.files = files;
    this.settings = settings;
  }

  @EventListener(ApplicationReadyEvent.class)
  void onStart() {
    recover();
  }

  /** Re-queues or fails every job left unfinished; returns how many were found. */
  int recover() {
    int n = 0;
    for (BulkJob job : store.unfinished()) {
      n++;
      if (job.kind() == BulkJob.Kind.EXPORT || job.state() == BulkJob.State.QUEUED) {
        store.requeue(job.id());
        files.deleteJob(job.id());
        worker.submit(job.id());
      } else {
        store.fail(
            job.id(),
            "The server stopped during the import; resources of batches committed before the stop"
                + " are stored (their search index is completed in the background after the"
                + " restart). Import again to complete (resources with ids are upserted).");
        files.deleteJob(job.id());
      }
    }
    if (n > 0) {
      LOG.info("Recovered {} unfinished bulk data job(s)", n);
    }
    return n;
  }

  @Scheduled(
      fixedDelayString = "${custodian.bulk.cleanup-interval:PT10M}",
      initialDelayString = "${custodian.bulk.cleanup-interval:PT10M}")
  void scheduledCleanup() {
    cleanup();
  }

  /** Removes jobs finished before the retention cut-off, their files and old uploads. */
  int cleanup() {
    Instant cutoff = clock.instant().minus(settings.retention());
    int removed = 0;
    for (String id : store.finishedBefore(cutoff)) {
      files.deleteJob(id);
      store.delete(id);
      removed++;
    }
    Path uploads = files.uploads();
    if (Files.isDirectory(uploads)) {
      try (Stream<Path> list = Files.list(uploads)) {
        for (Path p : list.toList()) {
          if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
            Files.deleteIfExists(p);
          }
        }
      } catch (IOException e) {
        LOG.warn("Could not clean bulk uploads: {}", e.getClass().getSimpleName());
      }
    }
    return removed;
  }
}
