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

  /** Removes all index rows of these resources (they were deleted). */
  void remove(Collection<Long> pks);
}
