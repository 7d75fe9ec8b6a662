package health.custodian.records.internal.access;

import health.custodian.access.AccessPolicy;
import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.access.CallerContext;
import health.custodian.access.Interaction;
import health.custodian.records.CareRelations;
import health.custodian.records.FhirException;
import health.custodian.records.internal.search.EncounterParticipation;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/**
 * {@link CareRelations} behind the gateway's rules: only a caller who may search the audit log (the
 * compliance oversight right, docs/security.md) may ask, the answer is one yes or no per patient
 * with nothing of the Encounters, and each call is one audit record naming the actor and the
 * patients asked about (IHE BALP: the patients concerned).
 */
@Service
class CareRelationsCheck implements CareRelations {

  /** At most this many patients per call: a bound on the statement and on the audit record. */
  static final int MAX_PATIENTS = 1000;

  private final CallerContext callers;
  private final AccessPolicy policy;
  private final AccessAudit audit;
  private final EncounterParticipation participation;

  CareRelationsCheck(
      CallerContext callers,
      AccessPolicy policy,
      AccessAudit audit,
      EncounterParticipation participation) {
    this.callers = callers;
    this.policy = policy;
    this.audit = audit;
    this.participation = participation;
  }

  @Override
  public Set<String> patientsWithEncounter(String actor, Collection<String> patientIds) {
    Caller caller = callers.current();
    AccessRules rules = policy.rules(caller, Interaction.SEARCH, "AuditEvent");
    Set<String> asked = new TreeSet<>(patientIds);
    AccessAudit.Event event =
        new AccessAudit.Event(caller, "E", "care-relations", rules.emergency(), null);
    try {
      if (!rules.permitted()) {
        throw GatewayGuard.refused(rules, Interaction.SEARCH, "AuditEvent");
      }
      if (asked.size() > MAX_PATIENTS) {
        throw new FhirException(
            400, "too-many-patients", "too-costly", "At most " + MAX_PATIENTS + " patients a call");
      }
      int slash = actor.indexOf('/');
      if (slash <= 0 || slash == actor.length() - 1) {
        throw new FhirException(
            400, "invalid-reference", "invalid", "The actor must be a reference Type/id");
      }
      Set<String> seen =
          participation.patientsSeenBy(
              actor.substring(0, slash), actor.substring(slash + 1), asked);
      audit.success(event, List.of(actor), asked);
      return seen;
    } catch (RuntimeException e) {
      audit.failure(event, e, List.of(actor), Set.of());
      throw e;
    }
  }
}
