package health.custodian.records.internal.rest;

import health.custodian.records.internal.json.OperationOutcomes;
import health.custodian.records.internal.search.SearchService;
import health.custodian.records.internal.storage.RecordReader;
import health.custodian.records.internal.storage.StoredVersion;
import health.custodian.records.internal.write.ResourceChecks;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** search at type level, by GET and by POST {@code _search} (R4 3.1.0.8 / 3.1.1). */
@RestController
class SearchController {

  private static final int DEFAULT_COUNT = 20;
  private static final int MAX_COUNT = 1000;

  /** Parameters that shape the result rather than select resources (R4 3.1.1.5). */
  private static final Set<String> RESULT_PARAMETERS =
      Set.of("_count", "_page", "_format", "_pretty", "_total");

  private final SearchService search;
  private final RecordReader reader;
  private final ResourceChecks checks;
  private final FhirResponses responses;
  private final OperationDispatcher operations;

  SearchController(
      SearchService search,
      RecordReader reader,
      ResourceChecks checks,
      FhirResponses responses,
      OperationDispatcher operations) {
    this.search = search;
    this.reader = reader;
    this.checks = checks;
    this.responses = responses;
    this.operations = operations;
  }

  @GetMapping("/fhir/{type}")
  ResponseEntity<byte[]> search(@PathVariable String type, HttpServletRequest request) {
    if (type.startsWith("$")) {
      return operations.invoke(request, null, null, type.substring(1));
    }
    return run(type, request);
  }

  @PostMapping("/fhir/{type}/_search")
  ResponseEntity<byte[]> searchByPost(@PathVariable String type, HttpServletRequest request) {
    return run(type, request);
  }

  private ResponseEntity<byte[]> run(String type, HttpServletRequest request) {
    Format format = Format.of(request);
    checks.checkKnownType(type);
    int count = Requests.count(request, DEFAULT_COUNT, MAX_COUNT);
    Map<String, List<String>> params = new LinkedHashMap<>(Requests.parameters(request));
    params.keySet().removeAll(RESULT_PARAMETERS);
    SearchService.SearchPage page =
        search.search(
            new SearchService.SearchRequest(
                type,
                params,
                count,
                request.getParameter("_page"),
                Preferences.of(request).strict()));
    List<StoredVersion> found = reader.currentByPks(page.pks());
    String base = Requests.base(request);
    BundleJson bundle = new BundleJson("searchset", page.total());
    String self = base + "/" + type + query(params, page.ignoredParameters(), count, null);
    bundle.link("self", self);
    if (page.nextPageToken() != null) {
      bundle.link(
          "next",
          base + "/" + type + query(params, page.ignoredParameters(), count, page.nextPageToken()));
    }
    for (StoredVersion v : found) {
      bundle.match(base, v, "match");
    }
    if (!page.ignoredParameters().isEmpty()) {
      bundle.rawEntry(
          "{\"resource\":"
              + health.custodian.records.internal.json.FhirJson.write(
                  OperationOutcomes.of(
                      "warning",
                      "not-supported",
                      "unknown-search-parameter",
                      "Ignored unknown or unsupported search parameters: "
                          + String.join(", ", page.ignoredParameters()),
                      List.of()))
              + ",\"search\":{\"mode\":\"outcome\"}}");
    }
    return responses.text(200, bundle.build(), format);
  }

  /** The query string of the link: the parameters used (ignored ones left out, R4 3.1.1.4). */
  private static String query(
      Map<String, List<String>> params, List<String> ignored, int count, @Nullable String page) {
    StringBuilder q = new StringBuilder("?_count=").append(count);
    params.forEach(
        (k, values) -> {
          if (!ignored.contains(k)) {
            for (String v : values) {
              q.append('&').append(enc(k)).append('=').append(enc(v));
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
