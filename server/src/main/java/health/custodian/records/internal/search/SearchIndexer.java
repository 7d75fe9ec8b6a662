package health.custodian.records.internal.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;

/**
 * Maintains the search index tables. Called by the store inside the write transaction, so an index
 * row is visible exactly when the resource version it describes is.
 */
public interface SearchIndexer {

  /** A resource version to index: its surrogate key, type and JSON (meta already set). */
  record IndexedResource(long pk, String resourceType, ObjectNode resource) {}

  /** Replaces the index rows of these resources (earlier versions' rows are removed). */
  void index(List<IndexedResource> resources);

  /** Index rows computed for some resources, not yet written. */
  interface Prepared {}

  /**
   * Computes the index rows of these resources without touching the database, so that a bulk load
   * can compute one batch while the previous one is written. {@code index(r)} is {@code
   * write(prepare(r))}.
   */
  Prepared prepare(List<IndexedResource> resources);

  /** {@link #prepare(List)}, adding the time of each step to {@code times}. */
  Prepared prepare(List<IndexedResource> resources, StepTimes times);

  /** Replaces the index rows of the prepared resources, in the caller's transaction. */
  void write(Prepared prepared);

  /**
   * {@link #write} with PostgreSQL's {@code COPY} instead of batched inserts: for bulk loads
   * ({@link PendingIndex}), whose thousands of rows per chunk make the per-statement cost of
   * inserts most of the work.
   */
  void copy(Prepared prepared);

  /** {@link #copy(Prepared)}, adding the time of each table's statement to {@code times}. */
  void copy(Prepared prepared, StepTimes times);

  /**
   * Records that these resources' index rows are still to be written (table {@code
   * search_index_pending}); {@link PendingIndex} writes them. Bulk loads defer indexing so that
   * loading is not held up by it.
   */
  void defer(Collection<Long> pks);

  /** Removes all index rows of these resources (they were deleted). */
  void remove(Collection<Long> pks);
}
