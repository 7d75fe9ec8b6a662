package health.custodian.records;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A request that cannot be carried out. The REST boundary turns it into an OperationOutcome with
 * {@link #status()}; {@link #code()} is a stable Custodian error code (for clients and tests),
 * {@link #issueType()} the FHIR IssueType code (R4 valueset-issue-type).
 */
public class FhirException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String issueType;
  private final List<String> expressions;

  public FhirException(
      int status, String code, String issueType, String message, List<String> expressions) {
    super(message);
    this.status = status;
    this.code = code;
    this.issueType = issueType;
    this.expressions = List.copyOf(expressions);
  }

  public FhirException(int status, String code, String issueType, String message) {
    this(status, code, issueType, message, List.of());
  }

  public static FhirException badRequest(String code, String message, @Nullable String expression) {
    return new FhirException(
        400, code, "invalid", message, expression == null ? List.of() : List.of(expression));
  }

  public static FhirException notFound(String code, String message) {
    return new FhirException(404, code, "not-found", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String issueType() {
    return issueType;
  }

  public List<String> expressions() {
    return expressions;
  }
}
