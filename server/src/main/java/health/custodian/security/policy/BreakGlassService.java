package health.custodian.security.policy;

import health.custodian.access.AccessDeniedException;
import health.custodian.access.AuditRecord;
import health.custodian.access.AuditTrail;
import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.records.FhirException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Break-the-glass (issue #5): a user whose role may break the glass states a reason and gets
 * emergency access for {@code custodian.security.policy.break-glass-duration}; while it lasts the
 * policy lifts sensitivity labels and Consent for clinical reads, every access is audited as
 * emergency, and the grant waits in the compliance auditor's review queue. Every grant, review and
 * refusal is audited; a grant or review commits only together with its audit record.
 */
// Exposed to other modules (the workspace's review queue); the rest of the policy stays internal.
@NamedInterface("break-glass")
@Service
public class BreakGlassService {

  /** Review outcomes a compliance auditor may record. */
  public static final Set<String> OUTCOMES = Set.of("justified", "unjustified", "escalated");

  static final int MIN_REASON = 10;
  static final int MAX_REASON = 2000;
  static final int MAX_COMMENT = 4000;
  private static final String SUBTYPE = "break-glass";

  private final BreakGlassStore store;
  private final ActiveGrants grants;
  private final PolicySettings settings;
  // The audit module provides the trail; looked up per event so that this module starts
  // without it (an event then fails: nothing is granted unaudited).
  private final ObjectProvider<AuditTrail> audit;
  private final TransactionTemplate transactions;
  private final Clock clock;

  BreakGlassService(
      BreakGlassStore store,
      PolicySettings settings,
      ObjectProvider<AuditTrail> audit,
      TransactionTemplate transactions,
      ObjectProvider<Clock> clock) {
    this.store = store;
    this.grants = new ActiveGrants(store);
    this.settings = settings;
    this.audit = audit;
    this.transactions = transactions;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  /** The user's emergency access in force now, if any (asked when building the caller). */
  public Optional<Caller.BreakGlass> active(String userId) {
    return grants.inForce(userId, clock.instant()).map(BreakGlassGrant::toBreakGlass);
  }

  /**
   * Grants emergency access to {@code caller}, a user holding one of the break-glass roles, for the
   * configured duration. Refused with 403 {@code break-glass-role} otherwise, and 400 {@code
   * break-glass-reason} without a reason of at least {@value #MIN_REASON} characters.
   */
  public Caller.BreakGlass grant(Caller caller, @Nullable String reason) {
    Instant now = clock.instant();
    if (caller.kind() != Caller.Kind.USER
        || caller.roles().stream().noneMatch(settings.breakGlassRoles()::contains)) {
      refuse(caller, now, "break-glass-role", null);
      throw AccessDeniedException.forbidden(
          "break-glass-role", "Your role may not request emergency access");
    }
    String stated = reason == null ? "" : reason.strip();
    if (stated.length() < MIN_REASON || stated.length() > MAX_REASON) {
      refuse(caller, now, "break-glass-reason", null);
      throw FhirException.badRequest(
          "break-glass-reason",
          "State the reason for emergency access in "
              + MIN_REASON
              + " to "
              + MAX_REASON
              + " characters",
          "reason");
    }
    BreakGlassGrant grant =
        new BreakGlassGrant(
            UUID.randomUUID().toString(),
            caller.id(),
            stated,
            now,
            now.plus(settings.breakGlassDuration()),
            null,
            null,
            null,
            null);
    try {
      transactions.executeWithoutResult(
          tx -> {
            store.insert(grant);
            record(caller, now, AuditRecord.Outcome.SUCCESS, "grant", true, grant.id());
          });
    } finally {
      // committed (or rolled back): callers built from now on see it; a review changes nothing
      // that a caller carries (Caller.BreakGlass: id, reason, granted, expires)
      grants.changed();
    }
    return grant.toBreakGlass();
  }

  /** Grants not reviewed yet, oldest first (including those still in force). */
  public List<BreakGlassGrant> reviewQueue() {
    return store.unreviewed();
  }

  /** The review queue as {@code viewer} asks for it: compliance auditors only, audited. */
  public List<BreakGlassGrant> reviewQueue(Caller viewer) {
    Instant now = clock.instant();
    requireAuditor(viewer, now, null);
    List<BreakGlassGrant> queue = store.unreviewed();
    record(viewer, now, "R", AuditRecord.Outcome.SUCCESS, "review-queue", false, null);
    return queue;
  }

  /**
   * Records a compliance auditor's review of grant {@code id}: 403 for other roles and for one's
   * own grant, 404 for an unknown grant, 409 when already reviewed, 400 for an unknown outcome.
   */
  public BreakGlassGrant review(
      String id, Caller reviewer, @Nullable String outcome, @Nullable String comment) {
    Instant now = clock.instant();
    requireAuditor(reviewer, now, id);
    BreakGlassGrant grant =
        store
            .find(id)
            .orElseThrow(
                () -> FhirException.notFound("break-glass-unknown", "No such break-glass grant"));
    if (grant.userId().equals(reviewer.id())) {
      refuse(reviewer, now, "break-glass-self-review", id);
      throw AccessDeniedException.forbidden(
          "break-glass-self-review", "A grant must be reviewed by someone else");
    }
    if (outcome == null || !OUTCOMES.contains(outcome)) {
      throw FhirException.badRequest(
          "break-glass-outcome", "The outcome must be one of " + OUTCOMES, "outcome");
    }
    String note = comment == null || comment.isBlank() ? null : comment.strip();
    if (note != null && note.length() > MAX_COMMENT) {
      throw FhirException.badRequest(
          "break-glass-comment", "The comment is longer than " + MAX_COMMENT, "comment");
    }
    transactions.executeWithoutResult(
        tx -> {
          if (!store.review(id, reviewer.id(), now, outcome, note)) {
            throw new FhirException(
                409, "break-glass-reviewed", "conflict", "The grant was reviewed already");
          }
          record(reviewer, now, AuditRecord.Outcome.SUCCESS, "review " + outcome, true, id);
        });
    return store.find(id).orElseThrow();
  }

  private void requireAuditor(Caller caller, Instant now, @Nullable String grantId) {
    if (caller.kind() != Caller.Kind.USER || !caller.hasRole(Role.COMPLIANCE_AUDITOR)) {
      refuse(caller, now, "break-glass-review-role", grantId);
      throw AccessDeniedException.forbidden(
          "break-glass-review-role", "Only a compliance auditor reviews emergency access");
    }
  }

  private void refuse(Caller caller, Instant now, String code, @Nullable String grantId) {
    record(caller, now, AuditRecord.Outcome.MINOR_FAILURE, code, false, grantId);
  }

  private void record(
      Caller caller,
      Instant now,
      AuditRecord.Outcome outcome,
      String detail,
      boolean emergency,
      @Nullable String grantId) {
    record(caller, now, "E", outcome, detail, emergency, grantId);
  }

  private void record(
      Caller caller,
      Instant now,
      String action,
      AuditRecord.Outcome outcome,
      String detail,
      boolean emergency,
      @Nullable String grantId) {
    // The reason is never copied into the audit record: it may name a patient, and the record is
    // shown far more widely than the review queue.
    audit
        .getObject()
        .record(
            new AuditRecord(
                now, caller, action, SUBTYPE, outcome, detail, List.of(), Set.of(), null, emergency,
                grantId));
  }
}
