package health.custodian.records.internal.storage;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One version of one resource as stored.
 *
 * @param body the JSON with {@code meta.versionId} and {@code meta.lastUpdated} set; null for a
 *     delete tombstone
 */
public record StoredVersion(
    long pk,
    String resourceType,
    String id,
    int version,
    Instant lastUpdated,
    String method,
    @Nullable String body) {

  public boolean deleted() {
    return body == null;
  }

  public String etag() {
    return "W/\"" + version + "\"";
  }
}
