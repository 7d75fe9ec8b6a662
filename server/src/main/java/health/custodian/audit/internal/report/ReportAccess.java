package health.custodian.audit.internal.report;

import health.custodian.access.AccessDeniedException;
import health.custodian.access.AccessPolicy;
import health.custodian.access.AccessRules;
import health.custodian.access.AuditRecord;
import health.custodian.access.AuditTrail;
import health.custodian.access.Caller;
import health.custodian.access.CallerContext;
import health.custodian.access.Interaction;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Who may read the audit log, and the audit of reading it: every report is itself audited, refusals
 * included (issue #5). The caller and the rules come from the security module's {@link
 * CallerContext} and {@link AccessPolicy}; without them every report is refused.
 */
@Component
class ReportAccess {

  /** An allowed report: who asks, and the patients it is bound to (null: any). */
  record Grant(Caller caller, @Nullable Set<String> patients, boolean emergency) {}

  private final ObjectProvider<CallerContext> callers;
  private final ObjectProvider<AccessPolicy> policies;
  private final AuditTrail trail;
  private final Clock clock = Clock.systemUTC();

  ReportAccess(
      ObjectProvider<CallerContext> callers,
      ObjectProvider<AccessPolicy> policies,
      AuditTrail trail) {
    this.callers = callers;
    this.policies = policies;
    this.trail = trail;
  }

  /** Whether the current caller may do {@code interaction} on AuditEvent (not audited). */
  boolean permitted(Interaction interaction) {
    CallerContext context = callers.getIfAvailable();
    AccessPolicy policy = policies.getIfAvailable();
    if (context == null || policy == null) {
      return false;
    }
    try {
      return policy.rules(context.current(), interaction, "AuditEvent").permitted();
    } catch (AccessDeniedException e) {
      return false;
    }
  }

  /** The caller and its rules for {@code interaction} on AuditEvent, or a refusal (audited). */
  Grant authorize(Interaction interaction, String subtype, @Nullable String query) {
    CallerContext context = callers.getIfAvailable();
    AccessPolicy policy = policies.getIfAvailable();
    if (context == null || policy == null) {
      throw AccessDeniedException.unauthenticated("No authentication is configured");
    }
    Caller caller = context.current();
    AccessRules rules = policy.rules(caller, interaction, "AuditEvent");
    if (!rules.permitted()) {
      String code = rules.refusal() == null ? "forbidden" : rules.refusal();
      record(
          caller,
          subtype,
          AuditRecord.Outcome.MINOR_FAILURE,
          code,
          List.of(),
          Set.of(),
          query,
          rules.emergency());
      throw AccessDeniedException.forbidden(code, "Not allowed to read the audit log");
    }
    return new Grant(caller, rules.patients(), rules.emergency());
  }

  /** Records a successful report before its response is sent. */
  void audited(
      Grant grant,
      String subtype,
      List<String> entities,
      Set<String> patients,
      @Nullable String query) {
    record(
        grant.caller(),
        subtype,
        AuditRecord.Outcome.SUCCESS,
        null,
        entities,
        patients,
        query,
        grant.emergency());
  }

  private void record(
      Caller caller,
      String subtype,
      AuditRecord.Outcome outcome,
      @Nullable String detail,
      List<String> entities,
      Set<String> patients,
      @Nullable String query,
      boolean emergency) {
    Caller.BreakGlass bg = caller.breakGlass();
    trail.record(
        new AuditRecord(
            clock.instant(),
            caller,
            subtype.equals("read") ? "R" : "E",
            subtype,
            outcome,
            detail,
            entities,
            patients,
            query,
            emergency || caller.inEmergency(clock.instant()),
            bg == null ? null : bg.id()));
  }
}
