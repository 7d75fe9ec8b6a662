package health.custodian.records.internal.bulk;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Writes import batches on a thread of its own, so that reading, parsing and validating the next
 * batch overlaps the database work of the current one. One batch waits at most: memory holds two
 * batches, and batches are written in input order (so a later duplicate still wins).
 */
final class BatchWriter implements AutoCloseable {

  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread t = new Thread(task, "custodian-bulk-writer");
            t.setDaemon(true);
            return t;
          });
  private final Semaphore slot = new Semaphore(1);
  private final AtomicLong loaded = new AtomicLong();
  private volatile @Nullable RuntimeException failure;

  /** Queues a batch; blocks while the previous one is still being written. */
  void submit(ImportBatch batch, ImportErrors errors) {
    rethrow();
    acquire();
    try {
      thread.execute(
          () -> {
            try {
              loaded.addAndGet(batch.write(errors));
            } catch (RuntimeException e) {
              failure = e;
            } finally {
              slot.release();
            }
          });
    } catch (RuntimeException e) {
      slot.release();
      throw e;
    }
  }

  /** Waits for the queued batch; returns the resources stored since the last call. */
  long drain() {
    acquire();
    slot.release();
    rethrow();
    return loaded.getAndSet(0);
  }

  private void acquire() {
    try {
      slot.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobControl.CancelledException();
    }
  }

  private void rethrow() {
    RuntimeException e = failure;
    if (e != null) {
      throw e;
    }
  }

  @Override
  public void close() {
    thread.shutdown();
    try {
      // Let a batch in flight commit or roll back before the job's files are touched.
      if (!thread.awaitTermination(5, TimeUnit.MINUTES)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
