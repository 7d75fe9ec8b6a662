package health.custodian.access;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One audited event, shaped after IHE Basic Audit Log Patterns (BALP): who ({@link #caller()}),
 * what ({@link #action()}, {@link #subtype()}, {@link #entities()}), when ({@link #recorded()}),
 * where from ({@code caller.address()}), the outcome and the patients concerned.
 *
 * @param recorded when the event happened
 * @param caller who acted (an anonymous caller for failed sign-ins and bad tokens)
 * @param action FHIR AuditEvent.action: C, R, U, D or E
 * @param subtype what exactly: a FHIR restful interaction code ({@code read}, {@code vread}, {@code
 *     history-instance}, {@code search-type}, {@code create}, {@code update}, {@code patch}, {@code
 *     delete}, {@code transaction}, {@code batch}, {@code operation}) or a security event ({@code
 *     login}, {@code logout}, {@code login-failed}, {@code mfa-change}, {@code token-issue}, {@code
 *     role-change}, {@code break-glass}, {@code export}, {@code import})
 * @param outcome FHIR AuditEvent.outcome
 * @param detail stable error code or short description on failure; never patient data
 * @param entities references of the resources concerned ({@code Observation/5/_history/2})
 * @param patients ids of the Patients whose data was concerned
 * @param query the search or operation query string, when there was one
 * @param emergency whether the access happened under break-glass
 * @param breakGlassId the break-glass grant in force, if any
 */
public record AuditRecord(
    Instant recorded,
    Caller caller,
    String action,
    String subtype,
    Outcome outcome,
    @Nullable String detail,
    List<String> entities,
    Set<String> patients,
    @Nullable String query,
    boolean emergency,
    @Nullable String breakGlassId) {

  public AuditRecord {
    entities = List.copyOf(entities);
    patients = Set.copyOf(patients);
  }

  /** FHIR R4 AuditEvent.outcome codes. */
  public enum Outcome {
    SUCCESS("0"),
    MINOR_FAILURE("4"),
    SERIOUS_FAILURE("8"),
    MAJOR_FAILURE("12");

    private final String code;

    Outcome(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }
}
