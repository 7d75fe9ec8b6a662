package health.custodian.records.internal.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import health.custodian.records.internal.json.OperationOutcomes;
import health.custodian.records.internal.storage.StoredVersion;
import org.jspecify.annotations.Nullable;

/**
 * The response of one entry (R4 Bundle.entry.response, and entry.resource when returned).
 *
 * @param status e.g. {@code 201 Created}
 */
record EntryResult(
    int index,
    String status,
    @Nullable String location,
    @Nullable StoredVersion version,
    @Nullable String resourceJson,
    @Nullable ObjectNode outcome) {

  static EntryResult of(int index, int status, @Nullable StoredVersion v, @Nullable String body) {
    String location =
        v == null ? null : v.resourceType() + "/" + v.id() + "/_history/" + v.version();
    return new EntryResult(index, statusText(status), location, v, body, null);
  }

  static EntryResult failure(Entry entry, FhirException e) {
    return new EntryResult(
        entry.index(),
        statusText(e.status()),
        null,
        null,
        null,
        OperationOutcomes.fromException(e));
  }

  static String statusText(int status) {
    return switch (status) {
      case 200 -> "200 OK";
      case 201 -> "201 Created";
      case 204 -> "204 No Content";
      case 304 -> "304 Not Modified";
      case 400 -> "400 Bad Request";
      case 404 -> "404 Not Found";
      case 409 -> "409 Conflict";
      case 410 -> "410 Gone";
      case 412 -> "412 Precondition Failed";
      case 422 -> "422 Unprocessable Entity";
      default -> Integer.toString(status);
    };
  }
}
