package health.custodian.records.internal.validation;

import health.custodian.records.FhirException;
import java.util.List;

/** A resource that failed validation; the REST boundary reports every issue (422). */
public final class InvalidResourceException extends FhirException {

  private static final long serialVersionUID = 1L;

  private final transient List<ValidationIssue> issues;

  public InvalidResourceException(List<ValidationIssue> issues) {
    super(
        422,
        "validation-failed",
        "processing",
        "The resource is not valid: " + issues.get(0).expression() + ": " + issues.get(0).message(),
        issues.stream().map(ValidationIssue::expression).toList());
    this.issues = List.copyOf(issues);
  }

  public List<ValidationIssue> issues() {
    return issues;
  }

  /** The same issues with every expression placed under {@code prefix} (a Bundle entry). */
  public InvalidResourceException under(String prefix) {
    return new InvalidResourceException(
        issues.stream()
            .map(
                i ->
                    new ValidationIssue(
                        i.severity(), i.type(), Paths.nest(prefix, i.expression()), i.message()))
            .toList());
  }
}
