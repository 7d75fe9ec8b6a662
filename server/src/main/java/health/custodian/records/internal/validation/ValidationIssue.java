package health.custodian.records.internal.validation;

/**
 * One problem found in a resource.
 *
 * @param severity fatal, error, warning or information (R4 issue-severity)
 * @param type the FHIR IssueType code, e.g. structure, required, value, code-invalid
 * @param expression FHIRPath-style location, e.g. {@code Patient.name[0].given[1]}
 * @param message a human readable description (never echoes patient data beyond the bad value)
 */
public record ValidationIssue(Severity severity, String type, String expression, String message) {

  /** Issue severity (R4 valueset-issue-severity). */
  public enum Severity {
    FATAL,
    ERROR,
    WARNING,
    INFORMATION;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean blocking() {
      return this == FATAL || this == ERROR;
    }
  }
}
