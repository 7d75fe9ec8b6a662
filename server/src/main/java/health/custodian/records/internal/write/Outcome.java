package health.custodian.records.internal.write;

import health.custodian.records.internal.storage.StoredVersion;
import org.jspecify.annotations.Nullable;

/**
 * What a write did.
 *
 * @param status the HTTP status for it: 201 created, 200 updated or matched an existing resource
 *     (conditional create), 204 deleted or nothing to delete
 * @param version the version written or matched; null when a delete found nothing
 */
public record Outcome(int status, @Nullable StoredVersion version) {}
