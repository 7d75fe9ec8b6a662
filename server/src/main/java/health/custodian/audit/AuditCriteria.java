package health.custodian.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What to look for in the audit log; null means any.
 *
 * @param user the acting user's or client's id
 * @param patient a Patient id the event concerns
 * @param action C, R, U, D or E
 * @param outcome 0, 4, 8 or 12 (FHIR AuditEvent.outcome)
 * @param subtype a subtype code ({@code read}, {@code login}, {@code break-glass}...)
 * @param from inclusive lower bound of the time recorded
 * @param to exclusive upper bound of the time recorded
 * @param count page size (1 to 1000)
 * @param before keyset paging: only entries older than this entry id (newest first)
 */
public record AuditCriteria(
    @Nullable String user,
    @Nullable String patient,
    @Nullable String action,
    @Nullable Integer outcome,
    @Nullable String subtype,
    @Nullable Instant from,
    @Nullable Instant to,
    int count,
    @Nullable Long before) {

  public AuditCriteria {
    if (count < 1 || count > 1000) {
      throw new IllegalArgumentException("count must be between 1 and 1000");
    }
  }

  /** Everything in {@code [from, to)}, one page of {@code count}. */
  public static AuditCriteria period(@Nullable Instant from, @Nullable Instant to, int count) {
    return new AuditCriteria(null, null, null, null, null, from, to, count, null);
  }
}
