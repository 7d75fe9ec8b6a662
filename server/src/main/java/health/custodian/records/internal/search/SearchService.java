package health.custodian.records.internal.search;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Finds current, non-deleted resources by FHIR search parameters. Results are surrogate keys
 * ({@code resource.pk}); the store loads their JSON.
 */
public interface SearchService {

  /**
   * The keys of up to {@code limit} resources of {@code resourceType} matching every parameter;
   * used by conditional create/update/delete and conditional references in Bundles. An unknown or
   * unsupported parameter is a {@code FhirException} (400): a condition must never be ignored.
   */
  List<Long> match(String resourceType, Map<String, List<String>> parameters, int limit);

  /**
   * The condition over {@code resource r} that a resource of {@code resourceType} matches at least
   * one of {@code queries} (each the AND of its parameters, as {@link #match}; strict), for one
   * statement that streams the union in key order without remembering what it has returned (Bulk
   * Data {@code _typeFilter}: several filters of one type are ORed, IG v2.0.0).
   */
  SqlCondition anyOf(String resourceType, List<Map<String, List<String>>> queries);

  /**
   * The search parameters really supported for a type, code to FHIR search parameter type (e.g.
   * {@code identifier -> token}), for the CapabilityStatement.
   */
  default Map<String, String> supportedParameters(String resourceType) {
    return Map.of("_id", "token");
  }

  /**
   * Changes whenever the supported parameters change (custom SearchParameters installed by {@code
   * $reindex}), so views derived from them can be rebuilt.
   */
  default long parametersGeneration() {
    return 0;
  }

  /** One page of a search interaction. */
  SearchPage search(SearchRequest request);

  /**
   * @param resourceType the type searched
   * @param parameters the search parameters (result parameters such as _count excluded)
   * @param count page size
   * @param pageToken opaque token of a page after the first, from {@link SearchPage#nextPageToken}
   * @param strict true with {@code Prefer: handling=strict}: unknown parameters are errors
   */
  record SearchRequest(
      String resourceType,
      Map<String, List<String>> parameters,
      int count,
      @Nullable String pageToken,
      boolean strict) {}

  /**
   * @param pks the keys on this page, in result order
   * @param total the number of matches when known
   * @param nextPageToken token for the next page, null on the last
   * @param ignoredParameters parameters not understood and ignored (lenient handling)
   */
  record SearchPage(
      List<Long> pks,
      @Nullable Long total,
      @Nullable String nextPageToken,
      List<String> ignoredParameters) {}
}
