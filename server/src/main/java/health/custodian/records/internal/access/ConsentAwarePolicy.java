package health.custodian.records.internal.access;

import health.custodian.access.AccessPolicy;
import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.access.Interaction;
import health.custodian.records.internal.storage.ConsentDenyState;

/**
 * The policy's rules as the gateway applies them: while no Consent denies anything (the common
 * case), "apply Consent" filters nothing, so it is dropped from the rules. A caller whose only
 * restriction was Consent then takes the unrestricted paths everywhere (index-only counts, 410 for
 * deleted resources, one statement per include level) instead of running a probe that cannot match.
 * The first Consent deny makes every caller's rules filter again ({@link ConsentDenyState} never
 * answers "empty" while a change is in flight).
 */
final class ConsentAwarePolicy implements AccessPolicy {

  private final AccessPolicy policy;
  private final ConsentDenyState consents;

  ConsentAwarePolicy(AccessPolicy policy, ConsentDenyState consents) {
    this.policy = policy;
    this.consents = consents;
  }

  @Override
  public AccessRules rules(Caller caller, Interaction interaction, String resourceType) {
    AccessRules rules = policy.rules(caller, interaction, resourceType);
    if (!rules.applyConsent() || consents.mayDeny()) {
      return rules;
    }
    return new AccessRules(
        rules.permitted(),
        rules.refusal(),
        rules.patients(),
        rules.searchFilters(),
        rules.hiddenLabels(),
        false,
        rules.emergency());
  }
}
