package health.custodian.records.internal.rest;

import health.custodian.records.FhirException;
import health.custodian.records.internal.access.Gateway;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.json.OperationOutcomes;
import health.custodian.records.internal.search.ContainedMode;
import health.custodian.records.internal.search.IncludeResolver;
import health.custodian.records.internal.search.SearchService.SearchPage;
import health.custodian.records.internal.search.SearchService.SearchRequest;
import health.custodian.records.internal.storage.StoredVersion;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The searchset Bundle of a search (R4 3.1.1): matches, then {@code _include}/{@code _revinclude}
 * resources (search.mode include), shaped by {@code _summary}/{@code _elements}, with self and next
 * links that repeat every parameter used. Matches and includes are loaded in one statement.
 */
@Component
class SearchResults {

  static final int DEFAULT_COUNT = 20;
  static final int MAX_COUNT = 1000;

  /** Paging and format parameters: not part of the search, rebuilt in links (R4 3.1.1.5). */
  private static final Set<String> PAGING = Set.of("_count", "_page", "_format", "_pretty");

  /** Parameters that shape the result, handled here rather than by the search service. */
  private static final Set<String> SHAPING = Set.of("_summary", "_elements");

  private final Gateway gateway;
  private final SummaryElements summaryElements;
  private final FhirResponses responses;

  SearchResults(Gateway gateway, SummaryElements summaryElements, FhirResponses responses) {
    this.gateway = gateway;
    this.summaryElements = summaryElements;
    this.responses = responses;
  }

  /**
   * Runs a search and answers its Bundle.
   *
   * @param path the searched path after the base, such as {@code /Observation} or {@code
   *     /Patient/1/Observation}, for the links
   * @param compartment the compartment of a compartment search, else null
   */
  ResponseEntity<byte[]> respond(
      HttpServletRequest request,
      String type,
      String path,
      Gateway.@Nullable InCompartment compartment) {
    Format format = Format.of(request);
    boolean strict = Preferences.of(request).strict();
    int count = Requests.count(request, DEFAULT_COUNT, MAX_COUNT);
    Map<String, List<String>> params = new LinkedHashMap<>(Requests.parameters(request));
    params.keySet().removeAll(PAGING);
    ResultShape shape = ResultShape.of(params);
    List<String> ignored = new ArrayList<>();
    ContainedMode contained = checkContained(params, strict, ignored, compartment != null);
    Map<String, List<String>> criteria = new LinkedHashMap<>(params);
    criteria.keySet().removeIf(k -> SHAPING.contains(k) || isInclude(k));
    boolean countOnly = shape.summary() == ResultShape.Summary.COUNT;
    if (countOnly) {
      // _summary=count (3.1.1.5.9): the total only, so the count must be accurate.
      criteria.remove("_total");
    }
    Gateway.Found found =
        gateway.search(
            new SearchRequest(
                type, criteria, countOnly ? 0 : count, request.getParameter("_page"), strict),
            countOnly ? Map.of() : includeParameters(params, contained, strict, ignored),
            compartment);
    SearchPage page = found.page();
    ignored.addAll(page.ignoredParameters());
    IncludeResolver.Result included = found.included();
    ignored.addAll(included.ignored());

    String base = Requests.base(request);
    String self = base + path + query(params, ignored, count, null);
    String next =
        page.nextPageToken() == null || countOnly
            ? null
            : base + path + query(params, ignored, count, page.nextPageToken());
    List<Warning> warnings = new ArrayList<>();
    if (!ignored.isEmpty()) {
      warnings.add(
          new Warning(
              "not-supported",
              "unknown-search-parameter",
              "Ignored unknown or unsupported search parameters: " + String.join(", ", ignored)));
    }
    if (included.truncated()) {
      warnings.add(
          new Warning(
              "incomplete",
              "include-truncated",
              "Included resources were cut short: at most "
                  + IncludeResolver.MAX_INCLUDED
                  + " resources and "
                  + IncludeResolver.MAX_LEVELS
                  + " levels are followed"));
    }
    String body =
        contained.returnContained()
            ? containedBundle(base, self, next, found, shape, warnings, type, contained.normal())
            : bundle(base, self, next, found, shape, warnings);
    return responses.text(200, body, format);
  }

  /**
   * The Bundle text: matches and includes as the gateway loaded them (in one statement), written as
   * stored unless the shape asks for a subset.
   */
  String bundle(
      String base,
      String self,
      @Nullable String next,
      Gateway.Found result,
      ResultShape shape,
      List<Warning> warnings) {
    SearchPage page = result.page();
    List<StoredVersion> found = result.versions();
    Set<Long> matches = new HashSet<>(page.pks());
    BundleJson bundle = new BundleJson("searchset", page.total());
    bundle.link("self", self);
    if (next != null) {
      bundle.link("next", next);
    }
    for (StoredVersion v : found) {
      bundle.match(
          base, shape.apply(v, summaryElements), matches.contains(v.pk()) ? "match" : "include");
    }
    warnings(bundle, warnings);
    return bundle.build();
  }

  private static void warnings(BundleJson bundle, List<Warning> warnings) {
    for (Warning w : warnings) {
      bundle.rawEntry(
          "{\"resource\":"
              + FhirJson.write(
                  OperationOutcomes.of("warning", w.issueType(), w.code(), w.message(), List.of()))
              + ",\"search\":{\"mode\":\"outcome\"}}");
    }
  }

  /** An outcome entry of the Bundle (search.mode outcome). */
  record Warning(String issueType, String code, String message) {}

  /**
   * {@code _containedType=contained} (R4 search 3.1.1.5.9): each matched container is replaced by
   * its contained resources of the searched type, with fullUrl {@code <container url>#<id>};
   * resources of the searched type matched as themselves ({@code _contained=both}) stay as they
   * are. Every contained resource of that type in a matched container is returned (see
   * docs/search-semantics.md).
   */
  private String containedBundle(
      String base,
      String self,
      @Nullable String next,
      Gateway.Found result,
      ResultShape shape,
      List<Warning> warnings,
      String type,
      boolean normal) {
    SearchPage page = result.page();
    BundleJson bundle = new BundleJson("searchset", page.total());
    bundle.link("self", self);
    if (next != null) {
      bundle.link("next", next);
    }
    for (StoredVersion v : result.versions()) {
      if (normal && v.resourceType().equals(type)) {
        bundle.match(base, shape.apply(v, summaryElements), "match");
        continue;
      }
      for (StoredVersion c : ContainedResources.of(v, type)) {
        StoredVersion shaped = shape.apply(c, summaryElements);
        bundle.rawEntry(
            "{\"fullUrl\":"
                + BundleJson.quote(base + "/" + v.resourceType() + "/" + v.id() + "#" + c.id())
                + ",\"resource\":"
                + shaped.body()
                + ",\"search\":{\"mode\":\"match\"}}");
      }
    }
    warnings(bundle, warnings);
    return bundle.build();
  }

  /**
   * {@code _contained} and {@code _containedType} (R4 3.1.1.5.9), checked here so that a bad value
   * is a 400 before searching. Compartment searches do not search contained resources: with {@code
   * Prefer: handling=strict} a 400, otherwise ignored and reported.
   */
  private static ContainedMode checkContained(
      Map<String, List<String>> params,
      boolean strict,
      List<String> ignored,
      boolean inCompartment) {
    ContainedMode mode = ContainedMode.of(params);
    if (!inCompartment || mode.equals(ContainedMode.DEFAULT)) {
      return mode;
    }
    if (strict) {
      throw FhirException.badRequest(
          "unsupported-search-parameter",
          "_contained is not supported in compartment searches",
          ContainedMode.CONTAINED);
    }
    params.remove(ContainedMode.CONTAINED);
    params.remove(ContainedMode.CONTAINED_TYPE);
    ignored.add(ContainedMode.CONTAINED);
    ignored.add(ContainedMode.CONTAINED_TYPE);
    return ContainedMode.DEFAULT;
  }

  /**
   * The include parameters; none when contained resources are searched ({@code _include} and {@code
   * _revinclude} would follow the containers' references, not the contained resources'): with
   * {@code Prefer: handling=strict} a 400, otherwise ignored and reported.
   */
  private static Map<String, List<String>> includeParameters(
      Map<String, List<String>> params, ContainedMode mode, boolean strict, List<String> ignored) {
    if (!mode.searchesContained()) {
      return params;
    }
    for (String name : params.keySet()) {
      if (isInclude(name)) {
        if (strict) {
          throw FhirException.badRequest(
              "unsupported-search-parameter",
              name + " is not supported with _contained=true or both",
              name);
        }
        ignored.add(name);
      }
    }
    return Map.of();
  }

  private static boolean isInclude(String name) {
    return name.startsWith("_include") || name.startsWith("_revinclude");
  }

  /** The query string of a link: the parameters used (ignored ones left out, R4 3.1.1.4). */
  static String query(
      Map<String, List<String>> params, List<String> ignored, int count, @Nullable String page) {
    StringBuilder q = new StringBuilder("?_count=").append(count);
    params.forEach(
        (k, values) -> {
          if (!ignored.contains(k)) {
            for (String v : values) {
              if (!ignored.contains(k + "=" + v)) {
                q.append('&').append(enc(k)).append('=').append(enc(v));
              }
            }
          }
        });
    if (page != null) {
      q.append("&_page=").append(enc(page));
    }
    return q.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
