package health.custodian.records.internal.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.access.Interaction;
import health.custodian.records.FhirException;
import health.custodian.records.internal.access.Gateway;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.json.OperationOutcomes;
import health.custodian.records.internal.storage.StoredVersion;
import health.custodian.records.internal.write.Criteria;
import health.custodian.records.internal.write.Outcome;
import health.custodian.records.internal.write.RecordWriter;
import health.custodian.records.internal.write.ResourceChecks;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Objects;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The instance and type interactions of R4 3.1.0 that read or change one resource: thin — it
 * parses, delegates to the {@link Gateway} (with {@link RecordWriter} for writes), and writes the
 * response.
 */
@RestController
class ResourceController {

  private final Gateway gateway;
  private final RecordWriter writer;
  private final ResourceChecks checks;
  private final RequestBodies bodies;
  private final FhirResponses responses;
  private final OperationDispatcher operations;

  ResourceController(
      Gateway gateway,
      RecordWriter writer,
      ResourceChecks checks,
      RequestBodies bodies,
      FhirResponses responses,
      OperationDispatcher operations) {
    this.gateway = gateway;
    this.writer = writer;
    this.checks = checks;
    this.bodies = bodies;
    this.responses = responses;
    this.operations = operations;
  }

  /** read (R4 3.1.0.2), with If-None-Match / If-Modified-Since (conditional read). */
  @GetMapping("/fhir/{type}/{id}")
  HttpEntity<byte[]> read(
      @PathVariable String type, @PathVariable String id, HttpServletRequest request) {
    if (id.startsWith("$")) {
      return operations.invoke(request, type, null, id.substring(1));
    }
    Format format = Format.of(request);
    checks.checkKnownType(type);
    StoredVersion v = gateway.read(type, id);
    if (notModified(v, request)) {
      return responses.empty(304, FhirResponses.versionHeaders(v));
    }
    return responses.readVersion(v, format);
  }

  /** vread (R4 3.1.0.3). */
  @GetMapping("/fhir/{type}/{id}/_history/{vid}")
  ResponseEntity<byte[]> vread(
      @PathVariable String type,
      @PathVariable String id,
      @PathVariable String vid,
      HttpServletRequest request) {
    Format format = Format.of(request);
    checks.checkKnownType(type);
    int version;
    try {
      version = Integer.parseInt(vid);
    } catch (NumberFormatException e) {
      throw FhirException.notFound("version-not-found", "No such version: " + abbreviate(vid));
    }
    return responses.version(200, gateway.vread(type, id, version), format);
  }

  /** create (R4 3.1.0.4.1), conditional with If-None-Exist; or a type-level operation. */
  @PostMapping("/fhir/{type}")
  ResponseEntity<byte[]> create(@PathVariable String type, HttpServletRequest request) {
    if (type.startsWith("$")) {
      return operations.invoke(request, null, null, type.substring(1));
    }
    Format format = Format.of(request);
    checks.checkKnownType(type);
    ObjectNode resource = bodies.resource(request);
    String ifNoneExist = request.getHeader("If-None-Exist");
    Criteria criteria = ifNoneExist == null ? null : Criteria.parse(ifNoneExist);
    Outcome outcome =
        gateway.write(
            Interaction.CREATE,
            type,
            "C",
            "create",
            s -> writer.create(s, type, resource, criteria, null));
    return written(outcome, format, request);
  }

  /** update (R4 3.1.0.4.3), including update-as-create. */
  @PutMapping("/fhir/{type}/{id}")
  ResponseEntity<byte[]> update(
      @PathVariable String type, @PathVariable String id, HttpServletRequest request) {
    Format format = Format.of(request);
    checks.checkKnownType(type);
    ObjectNode resource = bodies.resource(request);
    Integer ifMatch = Requests.ifMatch(request);
    Outcome outcome =
        gateway.write(
            Interaction.UPDATE,
            type,
            "U",
            "update",
            s -> writer.update(s, type, id, resource, ifMatch));
    return written(outcome, format, request);
  }

  /** conditional update (R4 3.1.0.4.4). */
  @PutMapping("/fhir/{type}")
  ResponseEntity<byte[]> conditionalUpdate(@PathVariable String type, HttpServletRequest request) {
    Format format = Format.of(request);
    checks.checkKnownType(type);
    Criteria criteria = Criteria.of(Requests.parameters(request));
    ObjectNode resource = bodies.resource(request);
    Integer ifMatch = Requests.ifMatch(request);
    Outcome outcome =
        gateway.write(
            Interaction.UPDATE,
            type,
            "U",
            "update",
            s -> writer.conditionalUpdate(s, type, criteria, resource, ifMatch));
    return written(outcome, format, request);
  }

  /** patch (R4 3.1.0.6.2) with JSON Patch. */
  @PatchMapping("/fhir/{type}/{id}")
  ResponseEntity<byte[]> patch(
      @PathVariable String type, @PathVariable String id, HttpServletRequest request) {
    Format format = Format.of(request);
    checks.checkKnownType(type);
    var patch = bodies.patch(request);
    Integer ifMatch = Requests.ifMatch(request);
    Outcome outcome =
        gateway.write(
            Interaction.PATCH, type, "U", "patch", s -> writer.patch(s, type, id, patch, ifMatch));
    return written(outcome, format, request);
  }

  /** delete (R4 3.1.0.7). */
  @DeleteMapping("/fhir/{type}/{id}")
  ResponseEntity<byte[]> delete(
      @PathVariable String type, @PathVariable String id, HttpServletRequest request) {
    Format format = Format.of(request);
    checks.checkKnownType(type);
    Integer ifMatch = Requests.ifMatch(request);
    Outcome outcome =
        gateway.write(
            Interaction.DELETE, type, "D", "delete", s -> writer.delete(s, type, id, ifMatch));
    return deleted(outcome, format, request);
  }

  /** conditional delete (R4 3.1.0.7.1). */
  @DeleteMapping("/fhir/{type}")
  ResponseEntity<byte[]> conditionalDelete(@PathVariable String type, HttpServletRequest request) {
    Format format = Format.of(request);
    checks.checkKnownType(type);
    Criteria criteria = Criteria.of(Requests.parameters(request));
    Outcome outcome =
        gateway.write(
            Interaction.DELETE,
            type,
            "D",
            "delete",
            s -> writer.conditionalDelete(s, type, criteria));
    return deleted(outcome, format, request);
  }

  private ResponseEntity<byte[]> deleted(Outcome outcome, Format format, HttpServletRequest r) {
    HttpHeaders headers = new HttpHeaders();
    if (outcome.version() != null) {
      headers.setETag(outcome.version().etag());
    }
    if (Preferences.of(r).returnPreference() == Preferences.Return.OPERATION_OUTCOME) {
      return ResponseEntity.status(200)
          .headers(headers)
          .header(HttpHeaders.CONTENT_TYPE, format.contentType())
          .body(
              responses.render(
                  FhirJson.write(
                      OperationOutcomes.information(
                          outcome.version() == null ? "Nothing to delete" : "Deleted")),
                  format));
    }
    return responses.empty(204, headers);
  }

  /** Status, Location, ETag, Last-Modified and the body the client prefers (R4 3.1.0.1.11). */
  private ResponseEntity<byte[]> written(Outcome outcome, Format format, HttpServletRequest r) {
    StoredVersion v = Objects.requireNonNull(outcome.version(), "a write outcome has a version");
    HttpHeaders headers = FhirResponses.versionHeaders(v);
    String location =
        Requests.base(r) + "/" + v.resourceType() + "/" + v.id() + "/_history/" + v.version();
    headers.set(HttpHeaders.LOCATION, location);
    headers.set(HttpHeaders.CONTENT_LOCATION, location);
    return switch (Preferences.of(r).returnPreference()) {
      case MINIMAL -> responses.empty(outcome.status(), headers);
      case OPERATION_OUTCOME ->
          ResponseEntity.status(outcome.status())
              .headers(headers)
              .header(HttpHeaders.CONTENT_TYPE, format.contentType())
              .body(
                  responses.render(
                      FhirJson.write(
                          OperationOutcomes.information(
                              outcome.status() == 201
                                  ? "Created " + v.resourceType() + "/" + v.id()
                                  : "Stored version "
                                      + v.version()
                                      + " of "
                                      + v.resourceType()
                                      + "/"
                                      + v.id())),
                      format));
      case REPRESENTATION ->
          ResponseEntity.status(outcome.status())
              .headers(headers)
              .header(HttpHeaders.CONTENT_TYPE, format.contentType())
              .body(responses.render(Objects.requireNonNull(v.body()), format));
    };
  }

  private static boolean notModified(StoredVersion v, HttpServletRequest r) {
    String inm = r.getHeader("If-None-Match");
    if (inm != null) {
      // "*" matches any current representation (RFC 9110 13.1.2)
      if (inm.trim().equals("*")) {
        return true;
      }
      Integer version = Requests.version(inm, "If-None-Match");
      return version != null && version == v.version();
    }
    String ims = r.getHeader("If-Modified-Since");
    if (ims != null) {
      // the three HTTP-date forms (RFC 9110 5.6.7); an unreadable date is ignored (13.1.3)
      HttpHeaders h = new HttpHeaders();
      h.set(HttpHeaders.IF_MODIFIED_SINCE, ims);
      long since;
      try {
        since = h.getIfModifiedSince();
      } catch (IllegalArgumentException e) {
        return false;
      }
      return since >= 0 && !v.lastUpdated().isAfter(Instant.ofEpochMilli(since).plusMillis(999));
    }
    return false;
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
