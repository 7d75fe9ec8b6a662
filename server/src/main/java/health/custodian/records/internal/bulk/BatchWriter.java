package health.custodian.records.internal.bulk;

import health.custodian.records.internal.storage.BoundedWriters;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes import batches on a thread of its own, so that reading, parsing and validating the next
 * batch overlaps the database work of the current one. Batches are written in the order they are
 * queued; up to {@link #QUEUED} wait besides the one being written, so that a slow batch (a large
 * commit, a type whose resources are large) does not stop the parsing thread at once.
 */
final class BatchWriter implements AutoCloseable {

  /** Batches in flight: the one being written and one waiting. */
  static final int QUEUED = 2;

  private final BoundedWriters writer =
      new BoundedWriters("custodian-bulk-writer", 1, QUEUED, JobControl.CancelledException::new);

  /**
   * Queues a batch; blocks while {@link #QUEUED} are in flight. Its stored resources are added to
   * {@code loaded} once it is written.
   */
  void submit(ImportBatch batch, ImportErrors errors, AtomicLong loaded) {
    writer.submit(() -> loaded.addAndGet(batch.write(errors)));
  }

  /** Waits for the queued batches; rethrows a writer's failure. */
  void drain() {
    writer.drain();
  }

  /** Lets a batch in flight commit or roll back before the job's files are touched. */
  @Override
  public void close() {
    writer.close();
  }
}
