package health.custodian.security.internal;

import health.custodian.access.AuditRecord;
import health.custodian.access.AuditTrail;
import health.custodian.access.Caller;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Records security events (login, logout, login-failed, mfa-change, token-issue, role-change)
 * through the audit module's {@link AuditTrail}. Details are stable codes, never secrets.
 */
@Component
public class SecurityAudit {

  private final AuditTrail trail;
  private final Clock clock;

  SecurityAudit(AuditTrail trail) {
    this.trail = trail;
    this.clock = Clock.systemUTC();
  }

  public void success(Caller caller, String subtype, @Nullable String detail) {
    record(caller, subtype, AuditRecord.Outcome.SUCCESS, detail);
  }

  public void failure(Caller caller, String subtype, String detail) {
    record(caller, subtype, AuditRecord.Outcome.MINOR_FAILURE, detail);
  }

  private void record(
      Caller caller, String subtype, AuditRecord.Outcome outcome, @Nullable String detail) {
    trail.record(
        new AuditRecord(
            clock.instant(),
            caller,
            "E",
            subtype,
            outcome,
            detail,
            List.of(),
            caller.patientId() == null ? Set.of() : Set.of(caller.patientId()),
            null,
            false,
            null));
  }
}
