package health.custodian.records.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.records.FhirException;
import health.custodian.records.internal.access.Gateway;
import health.custodian.records.internal.search.PatientEverything;
import health.custodian.records.internal.write.ResourceChecks;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Compartment search (R4 3.1.1.4; the Patient, Encounter, RelatedPerson, Practitioner and Device
 * compartment definitions) and Patient {@code $everything} (R4 patient-operation-everything).
 * {@code $everything} is a route rather than a {@code FhirOperation} bean because its Bundle is
 * written as text around the stored JSON, like every search; a bean would have to parse each
 * resource into a tree first.
 *
 * <p>An unknown patient has an empty compartment: both answer an empty Bundle, not 404, since the
 * compartment search is a search (R4 3.1.1: a search that matches nothing is not an error).
 */
@RestController
class CompartmentController {

  private static final int EVERYTHING_DEFAULT_COUNT = 100;

  private final Gateway gateway;
  private final SearchResults results;
  private final ResourceChecks checks;
  private final FhirResponses responses;
  private final RequestBodies bodies;

  CompartmentController(
      Gateway gateway,
      SearchResults results,
      ResourceChecks checks,
      FhirResponses responses,
      RequestBodies bodies) {
    this.bodies = bodies;
    this.gateway = gateway;
    this.results = results;
    this.checks = checks;
    this.responses = responses;
  }

  /**
   * Compartment search, R4 3.1.1.4: {@code /fhir/Encounter/e1/Observation?code=...}. Literal owner
   * types: a variable first segment would be as specific as the {@code $operation} routes.
   */
  @GetMapping({
    "/fhir/Patient/{id}/{type:[A-Z][A-Za-z]+}",
    "/fhir/Encounter/{id}/{type:[A-Z][A-Za-z]+}",
    "/fhir/RelatedPerson/{id}/{type:[A-Z][A-Za-z]+}",
    "/fhir/Practitioner/{id}/{type:[A-Z][A-Za-z]+}",
    "/fhir/Device/{id}/{type:[A-Z][A-Za-z]+}"
  })
  ResponseEntity<byte[]> search(
      @PathVariable String id, @PathVariable String type, HttpServletRequest request) {
    checks.checkKnownType(type);
    String uri = request.getRequestURI();
    int start = uri.indexOf("/fhir/") + "/fhir/".length();
    String owner = uri.substring(start, uri.indexOf('/', start));
    return results.respond(
        request, type, "/" + owner + "/" + id + "/" + type, new Gateway.InCompartment(owner, id));
  }

  /** {@code Patient/x/*}: every member of the compartment, paged, optionally by {@code _type}. */
  // A literal '*' segment: a bare * in a path pattern would be a wildcard.
  @GetMapping("/fhir/Patient/{id}/{all:\\*}")
  ResponseEntity<byte[]> all(@PathVariable String id, HttpServletRequest request) {
    return page(request, id, false, SearchResults.DEFAULT_COUNT, "/Patient/" + id + "/*");
  }

  @RequestMapping(
      path = "/fhir/Patient/{id}/$everything",
      method = {RequestMethod.GET, RequestMethod.POST})
  ResponseEntity<byte[]> everything(@PathVariable String id, HttpServletRequest request) {
    HttpServletRequest effective = request;
    if (request.getMethod().equals("POST") && RequestBodies.hasBody(request)) {
      effective = withBodyParameters(request, bodies.resource(request));
    }
    return page(effective, id, true, EVERYTHING_DEFAULT_COUNT, "/Patient/" + id + "/$everything");
  }

  /**
   * A POSTed Parameters resource (R4 3.1.0.11: operation parameters in the body) as if its
   * primitive parameters were in the query string; query parameters still count.
   */
  private static HttpServletRequest withBodyParameters(HttpServletRequest request, JsonNode body) {
    if (!"Parameters".equals(body.path("resourceType").asText())) {
      throw FhirException.badRequest(
          "invalid-parameters", "The body of $everything must be a Parameters resource", null);
    }
    Map<String, List<String>> merged = new LinkedHashMap<>();
    request.getParameterMap().forEach((k, v) -> merged.put(k, new ArrayList<>(List.of(v))));
    for (JsonNode p : body.path("parameter")) {
      String name = p.path("name").asText();
      p.fieldNames()
          .forEachRemaining(
              f -> {
                if (f.startsWith("value")) {
                  merged.computeIfAbsent(name, k -> new ArrayList<>()).add(p.get(f).asText());
                }
              });
    }
    return new HttpServletRequestWrapper(request) {
      @Override
      public @Nullable String getParameter(String name) {
        List<String> v = merged.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
      }

      @Override
      public String @Nullable [] getParameterValues(String name) {
        List<String> v = merged.get(name);
        return v == null ? null : v.toArray(String[]::new);
      }
    };
  }

  private ResponseEntity<byte[]> page(
      HttpServletRequest request,
      String id,
      boolean withReferenced,
      int defaultCount,
      String path) {
    Format format = Format.of(request);
    int count = Requests.count(request, defaultCount, SearchResults.MAX_COUNT);
    Instant since = Requests.instant(request, "_since");
    List<String> types = new ArrayList<>();
    String[] typeValues = request.getParameterValues("_type");
    if (typeValues != null) {
      for (String v : typeValues) {
        for (String t : v.split(",")) {
          if (!t.isBlank()) {
            checks.checkKnownType(t.trim());
            types.add(t.trim());
          }
        }
      }
    }
    Gateway.Found found =
        gateway.everything(
            new PatientEverything.Query(
                id, types, since, withReferenced, count, request.getParameter("_page")));
    var page = found.page();
    Map<String, List<String>> linkParams = new LinkedHashMap<>();
    if (!types.isEmpty()) {
      linkParams.put("_type", List.of(String.join(",", types)));
    }
    if (since != null) {
      linkParams.put("_since", List.of(since.toString()));
    }
    String base = Requests.base(request);
    String self = base + path + SearchResults.query(linkParams, List.of(), count, null);
    @Nullable String next =
        page.nextPageToken() == null
            ? null
            : base + path + SearchResults.query(linkParams, List.of(), count, page.nextPageToken());
    ResultShape shape = ResultShape.of(Map.of());
    return responses.text(200, results.bundle(base, self, next, found, shape, List.of()), format);
  }
}
