package health.custodian.records.internal.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import health.custodian.records.internal.validation.ValidationIssue;
import java.util.List;

/** Interim OperationOutcome builder. */
public final class OperationOutcomes {

  static final String ERROR_SYSTEM = "https://custodian.health/fhir/CodeSystem/error";

  private OperationOutcomes() {}

  public static ObjectNode fromException(FhirException e) {
    return of("error", e.issueType(), e.code(), e.getMessage(), e.expressions());
  }

  public static ObjectNode of(
      String severity, String issueType, String stableCode, String message, List<String> expressions) {
    ObjectNode oo = FhirJson.mapper().createObjectNode();
    oo.put("resourceType", "OperationOutcome");
    ArrayNode issues = oo.putArray("issue");
    addIssue(issues, severity, issueType, stableCode, message, expressions);
    return oo;
  }

  public static ObjectNode fromIssues(List<ValidationIssue> list) {
    ObjectNode oo = FhirJson.mapper().createObjectNode();
    oo.put("resourceType", "OperationOutcome");
    ArrayNode issues = oo.putArray("issue");
    for (ValidationIssue i : list) {
      addIssue(issues, i.severity().code(), i.type(), "validation-failed", i.message(), List.of(i.expression()));
    }
    return oo;
  }

  public static ObjectNode information(String message) {
    return of("information", "informational", "ok", message, List.of());
  }

  private static void addIssue(
      ArrayNode issues,
      String severity,
      String issueType,
      String stableCode,
      String message,
      List<String> expressions) {
    ObjectNode issue = issues.addObject();
    issue.put("severity", severity);
    issue.put("code", issueType);
    ObjectNode coding = issue.putObject("details").putArray("coding").addObject();
    coding.put("system", ERROR_SYSTEM);
    coding.put("code", stableCode);
    issue.put("diagnostics", message);
    if (!expressions.isEmpty()) {
      ArrayNode ex = issue.putArray("expression");
      expressions.forEach(ex::add);
    }
  }
}
