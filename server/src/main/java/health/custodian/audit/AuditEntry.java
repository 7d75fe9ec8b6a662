package health.custodian.audit;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One audit log entry as reports show it.
 *
 * @param id the entry's chain position ({@code AuditEvent/id})
 * @param time when it was recorded
 * @param userKind {@code user}, {@code client}, {@code system} or {@code anonymous}
 * @param user the user's or client's id
 * @param action C, R, U, D or E
 * @param subtype what exactly (FHIR restful interaction or security event)
 * @param outcome 0 success, 4 minor failure, 8 serious, 12 major
 * @param detail the stable failure code or short description, if any
 * @param entities the resources concerned
 * @param patients the Patient ids concerned
 * @param address the network address
 * @param emergency whether it happened under break-glass
 * @param breakGlass the break-glass grant in force, if any
 */
public record AuditEntry(
    long id,
    Instant time,
    String userKind,
    String user,
    String action,
    String subtype,
    int outcome,
    @Nullable String detail,
    List<String> entities,
    List<String> patients,
    @Nullable String address,
    boolean emergency,
    @Nullable String breakGlass) {

  public AuditEntry {
    entities = List.copyOf(entities);
    patients = List.copyOf(patients);
  }

  public boolean succeeded() {
    return outcome == 0;
  }
}
