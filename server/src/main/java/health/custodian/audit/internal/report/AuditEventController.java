package health.custodian.audit.internal.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.access.Interaction;
import health.custodian.records.FhirException;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code /fhir/AuditEvent}: the audit log as FHIR AuditEvents, read-only. These literal paths take
 * precedence over the records module's {@code /fhir/{type}} mappings, so AuditEvents never come
 * from or go to the record store; every write is refused with 405.
 */
@RestController
class AuditEventController {

  static final String FHIR_JSON = "application/fhir+json;charset=UTF-8";

  private final AuditQuery query;
  private final ReportAccess access;

  AuditEventController(AuditQuery query, ReportAccess access) {
    this.query = query;
    this.access = access;
  }

  @GetMapping("/fhir/AuditEvent")
  ResponseEntity<byte[]> search(HttpServletRequest request) {
    ReportAccess.Grant grant =
        access.authorize(Interaction.SEARCH, "search-type", request.getQueryString());
    SearchCriteria criteria = SearchParams.parse(request.getParameterMap(), grant.patients());
    List<EventView> found = query.search(criteria);
    boolean more = found.size() > criteria.count();
    List<EventView> page = more ? found.subList(0, criteria.count()) : found;
    String base = base();
    String self =
        base
            + "/AuditEvent"
            + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    String next = more ? nextLink(base, request, page.get(page.size() - 1).seq()) : "";
    access.audited(
        grant,
        "search-type",
        List.of(),
        new HashSet<>(criteria.patients()),
        request.getQueryString());
    return json(200, AuditEventJson.bundle(page, base, self, next));
  }

  @PostMapping("/fhir/AuditEvent/_search")
  ResponseEntity<byte[]> searchByPost(HttpServletRequest request) {
    return search(request);
  }

  @GetMapping("/fhir/AuditEvent/{id}")
  ResponseEntity<byte[]> read(@PathVariable String id) {
    ReportAccess.Grant grant = access.authorize(Interaction.READ, "read", null);
    EventView e =
        (id.matches("[1-9]\\d{0,17}")
                ? query.byId(Long.parseLong(id))
                : java.util.Optional.<EventView>empty())
            .filter(
                v ->
                    grant.patients() == null
                        || v.patients().stream().anyMatch(grant.patients()::contains))
            .orElseThrow(
                () -> FhirException.notFound("not-found", "AuditEvent/" + id + " is not known"));
    access.audited(grant, "read", List.of("AuditEvent/" + id), Set.copyOf(e.patients()), null);
    return json(200, AuditEventJson.render(e));
  }

  /**
   * Type history: AuditEvents are never changed, so there is none. Mapped here because {@code
   * /fhir/AuditEvent/{id}} would otherwise read "_history" as an id; the record store refuses the
   * instance forms with the same code (issue #5).
   */
  @GetMapping("/fhir/AuditEvent/_history")
  ResponseEntity<byte[]> refuseHistory() {
    throw new FhirException(
        405,
        "audit-no-history",
        "not-supported",
        "AuditEvents are never changed: they have no versions or history");
  }

  /** The audit log is append-only through the server itself: no create, update, patch or delete. */
  @RequestMapping(
      path = {"/fhir/AuditEvent", "/fhir/AuditEvent/{id}"},
      method = {RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE})
  ResponseEntity<byte[]> refuseWrites(HttpServletRequest request) {
    throw new FhirException(
        405,
        "audit-read-only",
        "not-supported",
        "AuditEvents are written by the server only; " + request.getMethod() + " is not allowed");
  }

  static String base() {
    return ServletUriComponentsBuilder.fromCurrentContextPath().path("/fhir").build().toUriString();
  }

  private static String nextLink(String base, HttpServletRequest request, long lastSeq) {
    StringBuilder url = new StringBuilder(base).append("/AuditEvent?");
    String q = request.getQueryString();
    if (q != null) {
      for (String part : q.split("&")) {
        if (!part.startsWith("_before=") && !part.isEmpty()) {
          url.append(part).append('&');
        }
      }
    }
    return url.append("_before=").append(lastSeq).toString();
  }

  static ResponseEntity<byte[]> json(int status, JsonNode body) {
    try {
      return ResponseEntity.status(status)
          .header(HttpHeaders.CONTENT_TYPE, FHIR_JSON)
          .body(AuditEventJson.JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
