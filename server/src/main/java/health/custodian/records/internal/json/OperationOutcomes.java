package health.custodian.records.internal.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import health.custodian.records.internal.validation.ValidationIssue;
import java.util.List;
import java.util.Set;

/**
 * Builds OperationOutcome resources (R4, operationoutcome.html) as JSON trees.
 *
 * <p>Each issue carries, besides the FHIR IssueType in {@code code}, the stable Custodian error
 * code as {@code details.coding} in the {@link #ERROR_SYSTEM} code system, so that clients can act
 * on errors without parsing {@code diagnostics} text.
 */
public final class OperationOutcomes {

  /** Code system of the stable Custodian error codes. */
  public static final String ERROR_SYSTEM = "https://custodian.health/fhir/CodeSystem/error";

  /** Stable code for issues reported by the resource validator. */
  public static final String VALIDATION_FAILED = "validation-failed";

  /** R4 valueset-issue-severity. */
  private static final Set<String> SEVERITIES = Set.of("fatal", "error", "warning", "information");

  private OperationOutcomes() {}

  /** The outcome for an error response: one {@code error} issue from the exception. */
  public static ObjectNode fromException(FhirException exception) {
    String message = exception.getMessage();
    return of(
        "error",
        exception.issueType(),
        exception.code(),
        message == null ? exception.code() : message,
        exception.expressions());
  }

  /**
   * An outcome with a single issue.
   *
   * @param severity fatal, error, warning or information
   * @param issueType the FHIR IssueType code (R4 valueset-issue-type)
   * @param stableCode the Custodian error code, e.g. {@code invalid-json}
   * @param message human-readable diagnostics
   * @param expressions FHIRPath locations of the problem; may be empty
   */
  public static ObjectNode of(
      String severity,
      String issueType,
      String stableCode,
      String message,
      List<String> expressions) {
    ObjectNode outcome = outcome();
    outcome.putArray("issue").add(issue(severity, issueType, stableCode, message, expressions));
    return outcome;
  }

  /**
   * One issue per validation finding, all with stable code {@code validation-failed}. An empty list
   * gives the {@link #information(String) all-OK} outcome, because OperationOutcome requires at
   * least one issue (R4: {@code issue 1..*}).
   */
  public static ObjectNode fromIssues(List<ValidationIssue> issues) {
    if (issues.isEmpty()) {
      return information("No issues detected during validation");
    }
    ObjectNode outcome = outcome();
    ArrayNode array = outcome.putArray("issue");
    for (ValidationIssue issue : issues) {
      List<String> expressions =
          issue.expression().isBlank() ? List.of() : List.of(issue.expression());
      array.add(
          issue(
              issue.severity().code(),
              issue.type(),
              VALIDATION_FAILED,
              issue.message(),
              expressions));
    }
    return outcome;
  }

  /**
   * An all-OK outcome, e.g. the body for {@code Prefer: return=OperationOutcome} (R4 RESTful API,
   * http.html#ops "Managing Return Content"): one {@code information} issue of type {@code
   * informational}, like the spec's "allok" OperationOutcome example.
   */
  public static ObjectNode information(String message) {
    ObjectNode outcome = outcome();
    ObjectNode issue = outcome.putArray("issue").addObject();
    issue.put("severity", "information");
    issue.put("code", "informational");
    issue.put("diagnostics", message);
    return outcome;
  }

  private static ObjectNode outcome() {
    ObjectNode outcome = FhirJson.nodes().objectNode();
    outcome.put("resourceType", "OperationOutcome");
    return outcome;
  }

  /** Elements in R4 order (severity, code, details, diagnostics, expression) for readability. */
  private static ObjectNode issue(
      String severity,
      String issueType,
      String stableCode,
      String message,
      List<String> expressions) {
    if (!SEVERITIES.contains(severity)) {
      throw new IllegalArgumentException("not an R4 issue severity: " + severity);
    }
    ObjectNode issue = FhirJson.nodes().objectNode();
    issue.put("severity", severity);
    issue.put("code", issueType);
    ObjectNode coding = issue.putObject("details").putArray("coding").addObject();
    coding.put("system", ERROR_SYSTEM);
    coding.put("code", stableCode);
    issue.put("diagnostics", message);
    // FHIR JSON never has empty arrays (R4 json.html), so no expressions means no member at all.
    if (!expressions.isEmpty()) {
      ArrayNode array = issue.putArray("expression");
      expressions.forEach(array::add);
    }
    return issue;
  }
}
