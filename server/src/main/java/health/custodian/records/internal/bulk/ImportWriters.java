package health.custodian.records.internal.bulk;

import java.util.function.Supplier;

/**
 * Spreads an input's resources over a few {@link BatchWriter}s, each with its own thread and
 * database transaction, so that PostgreSQL works on several batches at once. A resource id always
 * goes to the same writer (by hash), so versions of one id are still written in input order and
 * writers never wait for each other's row locks; resources without an id go round-robin.
 */
final class ImportWriters implements AutoCloseable {

  /**
   * Large resources (Synthea's ExplanationOfBenefit runs to tens of kB) close a batch early: a
   * parsed tree takes several times its JSON size, and each writer holds two batches.
   */
  private static final long MAX_BATCH_BYTES = 8L * 1024 * 1024;

  private final Supplier<ImportBatch> newBatch;
  private final int batchSize;
  private final ImportErrors errors;
  private final BatchWriter[] writers;
  private final ImportBatch[] batches;
  private int next;

  ImportWriters(int count, Supplier<ImportBatch> newBatch, int batchSize, ImportErrors errors) {
    this.newBatch = newBatch;
    this.batchSize = batchSize;
    this.errors = errors;
    int n = Math.max(1, count);
    this.writers = new BatchWriter[n];
    this.batches = new ImportBatch[n];
    for (int i = 0; i < n; i++) {
      writers[i] = new BatchWriter();
      batches[i] = newBatch.get();
    }
  }

  /** Adds a checked resource; returns true when a full batch was handed to a writer. */
  boolean add(ImportBatch.Item item) {
    String id = item.id();
    int k =
        id == null
            ? Math.floorMod(next++, writers.length)
            : Math.floorMod(id.hashCode(), writers.length);
    batches[k].add(item);
    if (batches[k].size() >= batchSize || batches[k].bytes() >= MAX_BATCH_BYTES) {
      submit(k);
      return true;
    }
    return false;
  }

  /** Writes what is left and waits for every writer; returns the resources stored. */
  long finish() {
    long stored = 0;
    for (int k = 0; k < writers.length; k++) {
      if (batches[k].size() > 0) {
        submit(k);
      }
    }
    for (BatchWriter w : writers) {
      stored += w.drain();
    }
    return stored;
  }

  private void submit(int k) {
    writers[k].submit(batches[k], errors);
    batches[k] = newBatch.get();
  }

  @Override
  public void close() {
    for (BatchWriter w : writers) {
      w.close();
    }
  }
}
