package health.custodian.security.policy;

import health.custodian.access.Caller;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.NamedInterface;

/**
 * A break-glass grant with its review, as kept in table {@code break_glass}.
 *
 * @param id the grant's id (also {@code Caller.BreakGlass.id} and {@code AuditRecord.breakGlassId})
 * @param userId the user who broke the glass
 * @param reason the reason the user stated
 * @param granted when emergency access began
 * @param expires when it ends
 * @param reviewedBy the compliance auditor who reviewed it, null while in the review queue
 * @param reviewedAt when it was reviewed
 * @param reviewOutcome {@code justified}, {@code unjustified} or {@code escalated}
 * @param reviewComment the reviewer's comment
 */
// Exposed to other modules (the workspace's review queue); the rest of the policy stays internal.
@NamedInterface("break-glass")
public record BreakGlassGrant(
    String id,
    String userId,
    String reason,
    Instant granted,
    Instant expires,
    @Nullable String reviewedBy,
    @Nullable Instant reviewedAt,
    @Nullable String reviewOutcome,
    @Nullable String reviewComment) {

  public Caller.BreakGlass toBreakGlass() {
    return new Caller.BreakGlass(id, reason, granted, expires);
  }

  public boolean reviewed() {
    return reviewedAt != null;
  }
}
