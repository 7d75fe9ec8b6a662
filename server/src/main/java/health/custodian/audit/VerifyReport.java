package health.custodian.audit;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of walking the audit chain.
 *
 * @param intact whether every record, the chain head and every checkpoint check
 * @param checked how many records were walked
 * @param position chain position of the first problem, when not intact (for truncation: the first
 *     missing position)
 * @param recordId the AuditEvent id at that position ({@code AuditEvent/<id>}), when not intact
 * @param problem what is wrong ({@code edited}, {@code deleted}, {@code truncated}, ...), when not
 *     intact
 * @param message one human-readable line
 */
public record VerifyReport(
    boolean intact,
    long checked,
    @Nullable Long position,
    @Nullable String recordId,
    @Nullable String problem,
    String message) {

  static VerifyReport ok(long checked, String message) {
    return new VerifyReport(true, checked, null, null, null, message);
  }
}
