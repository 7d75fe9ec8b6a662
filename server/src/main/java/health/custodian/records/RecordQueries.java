package health.custodian.records;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads of the record store for other modules (the web workspace, analytics), as the caller of the
 * current request: every call passes the same access rules and audit as the FHIR API, so a page
 * that shows a resource is audited like an API read. Resources are returned as their stored JSON
 * text; parse what you show.
 */
public interface RecordQueries {

  /**
   * The current version of a resource, empty when unknown, deleted or not visible to the caller.
   */
  Optional<String> read(String type, String id);

  /**
   * One page of a FHIR search, with the same parameters and semantics as {@code GET /fhir/type}.
   *
   * @param pageToken the {@link Page#nextPageToken()} of the previous page, or null
   */
  Page search(
      String type, Map<String, List<String>> parameters, int count, @Nullable String pageToken);

  /**
   * The patient's compartment ({@code Patient/$everything}) with the shared resources it
   * references, at most {@code max} resources.
   */
  List<String> everything(String patientId, int max);

  /** The versions of one resource, newest first, at most {@code max}. */
  List<Version> history(String type, String id, int max);

  /**
   * @param resources JSON text of each match, in result order
   * @param total number of matches when known
   * @param nextPageToken token of the next page, null on the last
   */
  record Page(List<String> resources, @Nullable Long total, @Nullable String nextPageToken) {}

  /**
   * @param json the version's JSON; null for a delete
   */
  record Version(int versionId, Instant lastUpdated, String method, @Nullable String json) {}
}
