package health.custodian.access;

/**
 * A refusal: 401 (no or bad credentials) or 403 (authenticated, not allowed). The records module's
 * error boundary turns it into an OperationOutcome with {@link #code()} as its stable code. The
 * message must not reveal whether a resource exists.
 */
public class AccessDeniedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public AccessDeniedException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public static AccessDeniedException unauthenticated(String message) {
    return new AccessDeniedException(401, "unauthenticated", message);
  }

  public static AccessDeniedException forbidden(String code, String message) {
    return new AccessDeniedException(403, code, message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
