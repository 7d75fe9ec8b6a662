package health.custodian.records.internal.bulk;

import health.custodian.records.internal.storage.BoundedWriters;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes import batches on a thread of its own, so that reading, parsing and validating the next
 * batch overlaps the database work of the current one. One batch waits at most: memory holds two
 * batches, and batches are written in input order.
 */
final class BatchWriter implements AutoCloseable {

  private final BoundedWriters writer =
      new BoundedWriters("custodian-bulk-writer", 1, JobControl.CancelledException::new);
  private final AtomicLong loaded = new AtomicLong();

  /** Queues a batch; blocks while the previous one is still being written. */
  void submit(ImportBatch batch, ImportErrors errors) {
    writer.submit(() -> loaded.addAndGet(batch.write(errors)));
  }

  /** Waits for the queued batch; returns the resources stored since the last call. */
  long drain() {
    writer.drain();
    return loaded.getAndSet(0);
  }

  /** Lets a batch in flight commit or roll back before the job's files are touched. */
  @Override
  public void close() {
    writer.close();
  }
}
