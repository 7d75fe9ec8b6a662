package health.custodian.records.internal.bulk;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Spreads an import's resources over a few {@link BatchWriter}s, each with its own thread and
 * database transaction, so that PostgreSQL works on several batches at once. A resource id always
 * goes to the same writer (by hash), so versions of one id are still written in input order and
 * writers never wait for each other's row locks; resources without an id go round-robin.
 *
 * <p>The writers serve every input of the import in turn: the end of an input hands its last
 * (partial) batches over without waiting for them, so the parsing thread goes on with the next
 * input while they are written (a wait per input left one core idle at each of the 24 inputs of a
 * Synthea population). Only {@link #finish} waits.
 */
final class ImportWriters implements AutoCloseable {

  /**
   * Large resources (Synthea's ExplanationOfBenefit runs to tens of kB) close a batch early: each
   * writer holds up to {@link BatchWriter#QUEUED} batches besides the one being filled.
   */
  private static final long MAX_BATCH_BYTES = 8L * 1024 * 1024;

  private final Function<String, ImportBatch> newBatch;
  private final int batchSize;
  private final BatchWriter[] writers;
  private final @Nullable ImportBatch[] batches;
  private @Nullable Input input;
  private int next;

  /** The input being read: its type, its error report and its count of stored resources. */
  private record Input(String type, ImportErrors errors, AtomicLong loaded) {}

  /**
   * @param newBatch an empty batch of the given resource type
   */
  ImportWriters(int count, Function<String, ImportBatch> newBatch, int batchSize) {
    this.newBatch = newBatch;
    this.batchSize = batchSize;
    int n = Math.max(1, count);
    this.writers = new BatchWriter[n];
    this.batches = new ImportBatch[n];
    for (int i = 0; i < n; i++) {
      writers[i] = new BatchWriter();
    }
  }

  /**
   * Starts the next input (after {@link #end} of the previous one); returns the count of its
   * resources stored, complete after {@link #finish}.
   */
  AtomicLong begin(String type, ImportErrors errors) {
    AtomicLong loaded = new AtomicLong();
    input = new Input(type, errors, loaded);
    for (int k = 0; k < writers.length; k++) {
      batches[k] = newBatch.apply(type);
    }
    return loaded;
  }

  /** Adds a checked resource of the current input; returns true when a full batch was queued. */
  boolean add(ImportBatch.Item item) {
    String id = item.id();
    int k =
        id == null
            ? Math.floorMod(next++, writers.length)
            : Math.floorMod(id.hashCode(), writers.length);
    ImportBatch batch = current(k);
    batch.add(item);
    if (batch.size() >= batchSize || batch.bytes() >= MAX_BATCH_BYTES) {
      submit(k);
      return true;
    }
    return false;
  }

  /** Queues what is left of the current input, without waiting for it to be written. */
  void end() {
    for (int k = 0; k < writers.length; k++) {
      if (current(k).size() > 0) {
        submit(k);
      }
      batches[k] = null;
    }
    input = null;
  }

  /** Waits for every queued batch of every input. */
  void finish() {
    for (BatchWriter w : writers) {
      w.drain();
    }
  }

  private ImportBatch current(int k) {
    ImportBatch batch = batches[k];
    if (batch == null) {
      throw new IllegalStateException("no input begun");
    }
    return batch;
  }

  private void submit(int k) {
    Input in = currentInput();
    writers[k].submit(current(k), in.errors(), in.loaded());
    batches[k] = newBatch.apply(in.type());
  }

  private Input currentInput() {
    Input in = input;
    if (in == null) {
      throw new IllegalStateException("no input begun");
    }
    return in;
  }

  @Override
  public void close() {
    for (BatchWriter w : writers) {
      w.close();
    }
  }
}
