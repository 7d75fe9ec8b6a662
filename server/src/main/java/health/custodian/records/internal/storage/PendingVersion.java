package health.custodian.records.internal.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.ResourceChange;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A version about to be written in the current transaction.
 *
 * @param rowExists whether the {@code resource} row already exists (update, delete, or a create
 *     whose row was inserted early to claim a client-chosen id)
 * @param resource the resource tree (null for a delete, and for a bulk-loaded version made from its
 *     known text, {@code WriteSession.updateWithKnownBody})
 * @param body the stored JSON text (null for a delete, and for a body held as {@code spliced})
 * @param spliced the stored body as bytes ({@code WriteSession.updateWithKnownBody}), else null
 */
record PendingVersion(
    long pk,
    String resourceType,
    String id,
    int version,
    Instant lastUpdated,
    String method,
    ResourceChange.Action action,
    boolean rowExists,
    @Nullable ObjectNode resource,
    @Nullable String body,
    @Nullable SplicedBody spliced) {

  /** Whether the version has a body (is not a delete tombstone). */
  boolean live() {
    return body != null || spliced != null;
  }

  /** The stored JSON text; null for a delete. */
  @Nullable String text() {
    return spliced != null ? spliced.string() : body;
  }

  /** The change this version makes, for the {@code ResourcesChanged} event. */
  ResourceChange change() {
    return new ResourceChange(resourceType, id, version, action, lastUpdated);
  }

  /** The version as written. */
  StoredVersion stored() {
    return new StoredVersion(pk, resourceType, id, version, lastUpdated, method, text());
  }
}
