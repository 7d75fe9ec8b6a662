package health.custodian.records.internal.bulk;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs jobs on a few background threads. State changes go to {@code bulk_job}; live progress and
 * cancellation flags are kept in memory (the job's transaction cannot write them to the table).
 */
@Component
class BulkWorker implements DisposableBean {

  private static final Logger LOG = LoggerFactory.getLogger(BulkWorker.class);

  private final BulkJobStore jobs;
  private final BulkFiles files;
  private final JobRunner runner;
  private final ExecutorService threads;
  private final Map<String, String> progress = new ConcurrentHashMap<>();
  private final Map<String, Boolean> cancelled = new ConcurrentHashMap<>();
  private final Clock clock = Clock.systemUTC();

  BulkWorker(BulkJobStore jobs, BulkFiles files, JobRunner runner, BulkSettings settings) {
    this.jobs = jobs;
    this.files = files;
    this.runner = runner;
    AtomicLong n = new AtomicLong();
    this.threads =
        Executors.newFixedThreadPool(
            Math.max(1, settings.workers()),
            task -> {
              Thread t = new Thread(task, "custodian-bulk-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  void submit(String jobId) {
    threads.execute(() -> run(jobId));
  }

  Optional<String> progress(String jobId) {
    return Optional.ofNullable(progress.get(jobId));
  }

  /** Flags a running job to stop at its next batch. */
  void cancel(String jobId) {
    cancelled.put(jobId, true);
  }

  private void run(String jobId) {
    if (!jobs.start(jobId, clock.instant())) {
      return;
    }
    BulkJob job = jobs.find(jobId).orElse(null);
    if (job == null) {
      return;
    }
    JobControl control =
        new JobControl() {
          @Override
          public boolean cancelled() {
            return cancelled.containsKey(jobId);
          }

          @Override
          public void progress(String text) {
            progress.put(jobId, text);
          }
        };
    try {
      String manifest = runner.run(job, control);
      if (!jobs.complete(jobId, manifest)) {
        files.deleteJob(jobId);
      }
    } catch (JobControl.CancelledException e) {
      files.deleteJob(jobId);
    } catch (RuntimeException | Error e) {
      // Errors too (an OutOfMemoryError of a large job, a StackOverflowError, an assertion): a job
      // left in-progress with no thread running it would answer 202 to every poll until the next
      // restart, the "export that hangs forever" of issue #4. Once the job's own objects are
      // unwound the server can go on; the error is not rethrown into the pool's thread.
      // Class and place only: messages of lower layers may quote resource content.
      StackTraceElement top = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
      LOG.error("Bulk {} job {} failed: {} at {}", kind(job), jobId, e.getClass().getName(), top);
      jobs.fail(jobId, "The job failed (" + e.getClass().getSimpleName() + ")");
      files.deleteJob(jobId);
    } finally {
      progress.remove(jobId);
      cancelled.remove(jobId);
    }
  }

  private static String kind(BulkJob job) {
    return job.kind().name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void destroy() {
    threads.shutdownNow();
  }
}
