package health.custodian.records.internal.rest;

import health.custodian.records.FhirException;
import health.custodian.records.internal.access.Gateway;
import health.custodian.records.internal.storage.HistoryPage;
import health.custodian.records.internal.storage.StoredVersion;
import health.custodian.records.internal.write.ResourceChecks;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * history at instance, type and system level (R4 3.1.0.10) with {@code _since}, {@code _at} and
 * {@code _count}; pages are keyset cursors that stay stable while others write.
 */
@RestController
class HistoryController {

  private static final int DEFAULT_COUNT = 50;
  private static final int MAX_COUNT = 1000;

  private final Gateway gateway;
  private final ResourceChecks checks;
  private final FhirResponses responses;

  HistoryController(Gateway gateway, ResourceChecks checks, FhirResponses responses) {
    this.gateway = gateway;
    this.checks = checks;
    this.responses = responses;
  }

  @GetMapping("/fhir/_history")
  ResponseEntity<byte[]> system(HttpServletRequest request) {
    return history(null, null, request);
  }

  @GetMapping("/fhir/{type}/_history")
  ResponseEntity<byte[]> type(@PathVariable String type, HttpServletRequest request) {
    checks.checkKnownType(type);
    return history(type, null, request);
  }

  @GetMapping("/fhir/{type}/{id}/_history")
  ResponseEntity<byte[]> instance(
      @PathVariable String type, @PathVariable String id, HttpServletRequest request) {
    checks.checkKnownType(type);
    return history(type, id, request);
  }

  private ResponseEntity<byte[]> history(
      @Nullable String type, @Nullable String id, HttpServletRequest request) {
    Format format = Format.of(request);
    Instant since = Requests.instant(request, "_since");
    Instant at = Requests.instant(request, "_at");
    int count = Requests.count(request, DEFAULT_COUNT, MAX_COUNT);
    String token = request.getParameter("_cursor");
    HistoryPage.Cursor cursor = null;
    if (token != null) {
      try {
        cursor = HistoryPage.Cursor.decode(token);
      } catch (IllegalArgumentException e) {
        throw FhirException.badRequest("invalid-cursor", "Unknown paging cursor", "_cursor");
      }
    }
    HistoryPage page = gateway.history(type, id, since, at, Math.max(count, 1), cursor);
    String base = Requests.base(request);
    BundleJson bundle = new BundleJson("history", page.total());
    bundle.link("self", Requests.selfUrl(request));
    if (page.next() != null && count > 0) {
      bundle.link("next", nextUrl(request, page.next()));
    }
    if (count > 0) {
      for (StoredVersion v : page.versions()) {
        bundle.historyEntry(base, v);
      }
    }
    return responses.text(200, bundle.build(), format);
  }

  private static String nextUrl(HttpServletRequest request, HistoryPage.Cursor next) {
    StringBuilder url =
        new StringBuilder(Requests.base(request))
            .append(request.getRequestURI().substring(request.getContextPath().length() + 5))
            .append("?_cursor=")
            .append(next.encode());
    request
        .getParameterMap()
        .forEach(
            (k, values) -> {
              if (!k.equals("_cursor")) {
                for (String v : values) {
                  url.append('&')
                      .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                      .append('=')
                      .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
                }
              }
            });
    return url.toString();
  }
}
