package health.custodian.records.internal.rest;

import health.custodian.access.AccessDeniedException;
import health.custodian.records.FhirException;
import health.custodian.records.internal.access.AccessAudit;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.json.OperationOutcomes;
import health.custodian.records.internal.validation.InvalidResourceException;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one boundary where errors become OperationOutcomes (R4 3.1.0.1.9 / 3.1.0.13), each with a
 * stable Custodian code. Unexpected exceptions are logged by class and message only (never with
 * request content, which may be patient data) and answered 500.
 */
@RestControllerAdvice
class FhirErrorHandler {

  private static final Logger LOG = LoggerFactory.getLogger(FhirErrorHandler.class);

  private final FhirFormats formats;
  private final AccessAudit audit;
  private final BodyAdmission admission;

  FhirErrorHandler(FhirFormats formats, AccessAudit audit, BodyAdmission admission) {
    this.formats = formats;
    this.audit = audit;
    this.admission = admission;
  }

  /** 401 / 403 from the gateway or the security module (issue #5); the message names no data. */
  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<byte[]> denied(AccessDeniedException e, HttpServletRequest request) {
    return fhir(
        new FhirException(
            e.status(),
            e.code(),
            e.status() == 401 ? "login" : "forbidden",
            e.getMessage() == null ? "Access denied" : e.getMessage()),
        request);
  }

  @ExceptionHandler(InvalidResourceException.class)
  ResponseEntity<byte[]> invalid(InvalidResourceException e, HttpServletRequest request) {
    return respond(e.status(), FhirJson.write(OperationOutcomes.fromIssues(e.issues())), request);
  }

  @ExceptionHandler(FhirException.class)
  ResponseEntity<byte[]> fhir(FhirException e, HttpServletRequest request) {
    return respond(e.status(), FhirJson.write(OperationOutcomes.fromException(e)), request);
  }

  /** 503 with {@code Retry-After} (RFC 9110 §15.6.4): not processed, may be sent again. */
  @ExceptionHandler(ServerBusyException.class)
  ResponseEntity<byte[]> busy(ServerBusyException e, HttpServletRequest request) {
    ResponseEntity<byte[]> outcome = fhir(e, request);
    return ResponseEntity.status(outcome.getStatusCode())
        .headers(outcome.getHeaders())
        .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
        .body(outcome.getBody());
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<byte[]> method(HttpRequestMethodNotSupportedException e, HttpServletRequest r) {
    return fhir(
        new FhirException(
            405,
            "method-not-allowed",
            "not-supported",
            "Method " + e.getMethod() + " not allowed here"),
        r);
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<byte[]> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest r) {
    return fhir(
        new FhirException(415, "unsupported-media-type", "not-supported", "Unsupported media type"),
        r);
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<byte[]> noRoute(NoResourceFoundException e, HttpServletRequest r) {
    return fhir(FhirException.notFound("unknown-path", "No FHIR interaction at this path"), r);
  }

  @ExceptionHandler(CannotAcquireLockException.class)
  ResponseEntity<byte[]> lock(CannotAcquireLockException e, HttpServletRequest r) {
    return fhir(
        new FhirException(
            409, "concurrent-change", "conflict", "A concurrent change conflicted; retry"),
        r);
  }

  /**
   * Spring Security's firewall checks parameter values only when they are first read, in the
   * controller: a control character in a query value (e.g. {@code %00}, {@code %0A}) is the
   * client's error (RFC 9110 section 15.5.1).
   */
  @ExceptionHandler(RequestRejectedException.class)
  ResponseEntity<byte[]> rejected(RequestRejectedException e, HttpServletRequest r) {
    return fhir(
        FhirException.badRequest(
            "invalid-request", "The request contains characters that are not allowed", null),
        r);
  }

  @ExceptionHandler(DataIntegrityViolationException.class)
  ResponseEntity<byte[]> integrity(DataIntegrityViolationException e, HttpServletRequest r) {
    if (dataException(e)) {
      // SQLSTATE class 22, "data exception" (PostgreSQL docs Appendix A): a value PostgreSQL
      // cannot hold, such as U+0000 in text (8.3) reaching a query through a search value. The
      // request's value is at fault, not a conflict with stored data.
      return fhir(
          FhirException.badRequest(
              "unstorable-value", "A value of the request cannot be stored or compared", null),
          r);
    }
    return fhir(
        new FhirException(
            409, "constraint-violation", "conflict", "The change conflicts with stored data"),
        r);
  }

  /**
   * Anything else is a bug (500), except running out of heap: Spring MVC hands an {@link Error}
   * from a handler to this advice wrapped in a {@code ServletException} ("Handler dispatch
   * failed"), and an {@link OutOfMemoryError} means the server was short of memory, not that the
   * request was wrong. The write transaction has already been rolled back (Spring's {@code
   * TransactionTemplate} rolls back on any {@code Error}), so it answers 503 {@code
   * insufficient-memory}, like a request the memory budget refused.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<byte[]> unexpected(Exception e, HttpServletRequest r) {
    if (outOfMemory(e)) {
      // The heap is short right now; log nothing that allocates much, and no request content.
      LOG.warn("Out of memory on {} {}; answered 503", r.getMethod(), r.getRequestURI());
      return busy(
          new ServerBusyException(
              "insufficient-memory",
              "transient",
              "The server ran short of memory for this request; its transaction was rolled back",
              admission.retryAfterSeconds()),
          r);
    }
    // Log where and what kind of failure, never the message: it may quote request data (PHI).
    String incident = java.util.UUID.randomUUID().toString();
    StackTraceElement top = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
    LOG.error(
        "Unexpected {} at {} on {} {} (incident {})",
        e.getClass().getName(),
        top,
        r.getMethod(),
        r.getRequestURI(),
        incident);
    return fhir(
        new FhirException(
            500,
            "internal-error",
            "exception",
            "Internal error (incident " + incident + ")",
            List.of()),
        r);
  }

  private static boolean outOfMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static boolean dataException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        return state != null && state.startsWith("22");
      }
    }
    return false;
  }

  /** The stable code of an OperationOutcome text (details.coding.code), for the audit record. */
  private static String codeOf(String outcomeJson) {
    int at = outcomeJson.indexOf("\"code\":\"", outcomeJson.indexOf("\"details\""));
    if (at < 0) {
      return "error";
    }
    int start = at + 8;
    int end = outcomeJson.indexOf('"', start);
    return end < 0 ? "error" : outcomeJson.substring(start, end);
  }

  private ResponseEntity<byte[]> respond(int status, String json, HttpServletRequest request) {
    // Every failed interaction is audited once (issue #5); the gateway records its own failures.
    audit.failureIfUnrecorded(request, status, codeOf(json));
    Format format;
    try {
      format = Format.of(request);
    } catch (FhirException e) {
      format = new Format(false, false);
    }
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    if (format.xml()) {
      try {
        body = formats.jsonToXml(json, format.pretty()).getBytes(StandardCharsets.UTF_8);
      } catch (RuntimeException ignored) {
        format = new Format(false, false);
      }
    }
    return ResponseEntity.status(status)
        .header(HttpHeaders.CONTENT_TYPE, format.contentType())
        .body(body);
  }
}
