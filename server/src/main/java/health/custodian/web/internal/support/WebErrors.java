package health.custodian.web.internal.support;

import health.custodian.access.AccessDeniedException;
import health.custodian.records.FhirException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The web workspace's error boundary: designed pages with a plain message, never a stack trace.
 * Scoped to the workspace's controllers and ordered before the FHIR API's OperationOutcome
 * boundary, which handles everything else.
 */
@ControllerAdvice(basePackages = "health.custodian.web")
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebErrors {

  @ExceptionHandler(NotFound.class)
  String notFound(NotFound e, HttpServletResponse response, Model model) {
    if (e.what().equals("patient")) {
      // One answer for an unknown chart and one the caller may not see (another patient's, a
      // restricted label, a Consent deny), so the page never reveals that a record exists
      // (docs/security.md "Forbidden types answer 403, invisible resources 404").
      return page(
          response,
          model,
          404,
          "No chart to show",
          "There is no record at this address that you may open: it does not exist, or your role,"
              + " your clearances or the patient's consent keep it from you. Every attempt to open"
              + " a record is kept in the audit log.");
    }
    return notFound(response, model);
  }

  private static String notFound(HttpServletResponse response, Model model) {
    return page(response, model, 404, "Not found", "There is nothing to show at this address.");
  }

  @ExceptionHandler(AccessDeniedException.class)
  String denied(AccessDeniedException e, HttpServletResponse response, Model model) {
    if (e.status() == 401) {
      return page(response, model, 401, "Signed out", "Please sign in again.");
    }
    return page(
        response, model, 403, "Not allowed", "Your role does not give access to this page.");
  }

  /** A refusal from a service the pages call (break-glass review: unknown, reviewed already). */
  @ExceptionHandler(FhirException.class)
  String fhir(FhirException e, HttpServletResponse response, Model model) {
    return switch (e.status()) {
      case 404 -> notFound(response, model);
      case 409 ->
          page(response, model, 409, "Already done", "Someone else has done this meanwhile.");
      default -> badRequest(response, model);
    };
  }

  @ExceptionHandler({
    MissingServletRequestParameterException.class,
    MethodArgumentTypeMismatchException.class,
    IllegalArgumentException.class
  })
  String badRequest(HttpServletResponse response, Model model) {
    return page(response, model, 400, "Cannot show this", "The address or form is not valid.");
  }

  private static String page(
      HttpServletResponse response, Model model, int status, String title, String message) {
    response.setStatus(status);
    model.addAttribute("status", status);
    model.addAttribute("title", title);
    model.addAttribute("message", message);
    return "web/error";
  }
}
