package health.custodian.security.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.access.AccessDeniedException;
import health.custodian.access.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * Refusals on {@code /fhir} written as FHIR OperationOutcomes with a stable code (system {@code
 * https://custodian.health/fhir/CodeSystem/error}, as the records module's error boundary uses),
 * since they happen in the filter chain before the records module sees the request. 401s carry
 * {@code WWW-Authenticate: Bearer} (RFC 6750 section 3) and are audited.
 */
@Component
public class FhirAuthErrors implements AuthenticationEntryPoint, AccessDeniedHandler {

  static final String CODE_SYSTEM = "https://custodian.health/fhir/CodeSystem/error";

  private final ObjectMapper json = new ObjectMapper();
  private final SecurityAudit audit;

  FhirAuthErrors(SecurityAudit audit) {
    this.audit = audit;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    boolean tokenSent = request.getHeader("Authorization") != null;
    String code = tokenSent ? "invalid-token" : "unauthenticated";
    String header =
        tokenSent && failure instanceof InvalidBearerTokenException
            ? "Bearer error=\"invalid_token\""
            : "Bearer";
    audit.failure(Caller.anonymous(request.getRemoteAddr()), "login-failed", code);
    response.setHeader("WWW-Authenticate", header);
    write(
        response,
        401,
        "login",
        code,
        tokenSent ? "The access token is not valid" : "An access token is required");
  }

  @Override
  public void handle(
      HttpServletRequest request,
      HttpServletResponse response,
      org.springframework.security.access.AccessDeniedException denied)
      throws IOException {
    write(response, 403, "forbidden", "forbidden", "Access denied");
  }

  /** 503: the token could not be checked (signing keys unavailable); RFC 9110 section 15.6.4. */
  void unavailable(HttpServletResponse response) throws IOException {
    response.setHeader("Retry-After", "30");
    write(
        response,
        503,
        "transient",
        "auth-unavailable",
        "The access token cannot be checked right now; try again later");
  }

  /**
   * 400: the firewall refused the request's path or a header (e.g. {@code ;}, {@code //}, an
   * encoded {@code ..}, a control character); RFC 9110 section 15.5.1.
   */
  void rejected(HttpServletResponse response) throws IOException {
    write(
        response,
        400,
        "invalid",
        "invalid-request",
        "The request contains characters or path segments that are not allowed");
  }

  void refuse(HttpServletResponse response, AccessDeniedException e) throws IOException {
    if (response.isCommitted()) {
      throw e;
    }
    if (e.status() == 401) {
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    write(
        response,
        e.status(),
        e.status() == 401 ? "login" : "forbidden",
        e.code(),
        String.valueOf(e.getMessage()));
  }

  private void write(
      HttpServletResponse response, int status, String issueCode, String code, String text)
      throws IOException {
    ObjectNode outcome = json.createObjectNode().put("resourceType", "OperationOutcome");
    ObjectNode issue = outcome.putArray("issue").addObject();
    issue.put("severity", "error").put("code", issueCode);
    ObjectNode details = issue.putObject("details");
    details.putArray("coding").addObject().put("system", CODE_SYSTEM).put("code", code);
    details.put("text", text);
    issue.put("diagnostics", text);
    response.resetBuffer();
    response.setStatus(status);
    response.setContentType("application/fhir+json;charset=UTF-8");
    response.getOutputStream().write(json.writeValueAsBytes(outcome));
    response.flushBuffer();
  }
}
