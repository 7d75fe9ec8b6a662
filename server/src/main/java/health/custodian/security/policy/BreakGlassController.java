package health.custodian.security.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.access.AccessDeniedException;
import health.custodian.access.Caller;
import health.custodian.access.CallerContext;
import health.custodian.records.FhirException;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Break-the-glass over HTTP: {@code POST /auth/break-glass} ({@code {"reason": ...}}) grants
 * emergency access, {@code GET /auth/break-glass/reviews} lists the review queue and {@code POST
 * /auth/break-glass/{id}/review} ({@code {"outcome": ..., "comment": ...}}) records a review. Bad
 * input answers 400 through the records module's error boundary ({@link FhirException}).
 */
@RestController
class BreakGlassController {

  private static final ObjectMapper JSON = new ObjectMapper();

  // The security module's authentication provides the CallerContext; looked up per request so
  // that the application starts without it.
  private final ObjectProvider<CallerContext> callers;
  private final BreakGlassService breakGlass;

  BreakGlassController(ObjectProvider<CallerContext> callers, BreakGlassService breakGlass) {
    this.callers = callers;
    this.breakGlass = breakGlass;
  }

  @PostMapping("/auth/break-glass")
  ResponseEntity<String> grant(@RequestBody(required = false) byte @Nullable [] body) {
    Caller caller = callers.getObject().current();
    JsonNode request = object(body);
    Caller.BreakGlass grant = breakGlass.grant(caller, text(request, "reason"));
    ObjectNode json = JSON.createObjectNode();
    json.put("id", grant.id());
    json.put("reason", grant.reason());
    json.put("granted", grant.granted().toString());
    json.put("expires", grant.expires().toString());
    return respond(201, json);
  }

  @GetMapping("/auth/break-glass/reviews")
  ResponseEntity<String> reviews() {
    List<BreakGlassGrant> queue = breakGlass.reviewQueue(callers.getObject().current());
    ArrayNode json = JSON.createArrayNode();
    queue.forEach(g -> json.add(grantJson(g)));
    return respond(200, json);
  }

  @PostMapping("/auth/break-glass/{id}/review")
  ResponseEntity<String> review(
      @PathVariable String id, @RequestBody(required = false) byte @Nullable [] body) {
    Caller reviewer = callers.getObject().current();
    JsonNode request = object(body);
    BreakGlassGrant grant =
        breakGlass.review(id, reviewer, text(request, "outcome"), text(request, "comment"));
    return respond(200, grantJson(grant));
  }

  // FhirErrorHandler, the one error boundary, does not map AccessDeniedException yet (#5); until
  // it does, this renders the same OperationOutcome shape for the refusals of this controller.
  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<String> denied(AccessDeniedException e) {
    ObjectNode outcome = JSON.createObjectNode();
    outcome.put("resourceType", "OperationOutcome");
    ObjectNode issue = outcome.putArray("issue").addObject();
    issue.put("severity", "error");
    issue.put("code", e.status() == 401 ? "login" : "forbidden");
    ObjectNode coding = issue.putObject("details").putArray("coding").addObject();
    coding.put("system", "https://custodian.health/fhir/CodeSystem/error");
    coding.put("code", e.code());
    issue.put("diagnostics", e.getMessage());
    return ResponseEntity.status(e.status())
        .contentType(MediaType.parseMediaType("application/fhir+json"))
        .body(outcome.toString());
  }

  private static ObjectNode grantJson(BreakGlassGrant g) {
    ObjectNode json = JSON.createObjectNode();
    json.put("id", g.id());
    json.put("user", g.userId());
    json.put("reason", g.reason());
    json.put("granted", g.granted().toString());
    json.put("expires", g.expires().toString());
    if (g.reviewed()) {
      json.put("reviewedBy", g.reviewedBy());
      json.put("reviewedAt", String.valueOf(g.reviewedAt()));
      json.put("outcome", g.reviewOutcome());
      if (g.reviewComment() != null) {
        json.put("comment", g.reviewComment());
      }
    }
    return json;
  }

  private static JsonNode object(byte @Nullable [] body) {
    if (body == null || body.length == 0) {
      throw FhirException.badRequest("invalid-json", "A JSON object is required", null);
    }
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (IOException e) {
      throw FhirException.badRequest("invalid-json", "The body is not valid JSON", null);
    }
    if (node == null || !node.isObject()) {
      throw FhirException.badRequest("invalid-json", "A JSON object is required", null);
    }
    return node;
  }

  private static @Nullable String text(JsonNode request, String field) {
    JsonNode value = request.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw FhirException.badRequest("invalid-json", field + " must be a string", field);
    }
    return value.asText();
  }

  private static ResponseEntity<String> respond(int status, JsonNode json) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(json.toString());
  }
}
