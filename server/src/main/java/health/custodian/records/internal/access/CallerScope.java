package health.custodian.records.internal.access;

import health.custodian.access.AccessPolicy;
import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.access.Interaction;
import health.custodian.records.internal.search.AccessScope;
import health.custodian.records.internal.storage.ResourceTypes;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One caller's rules for one interaction, asked of the policy once per type and kept for the
 * request (includes and history ask per type). Not shared between threads.
 */
final class CallerScope implements AccessScope {

  private final AccessPolicy policy;
  private final Caller caller;
  private final Interaction interaction;
  private final Map<String, AccessRules> byType = new HashMap<>();
  private @Nullable Boolean unrestricted;

  CallerScope(AccessPolicy policy, Caller caller, Interaction interaction) {
    this.policy = policy;
    this.caller = caller;
    this.interaction = interaction;
  }

  @Override
  public Caller caller() {
    return caller;
  }

  Interaction interaction() {
    return interaction;
  }

  @Override
  public AccessRules rules(String type) {
    AccessRules rules = byType.get(type);
    if (rules == null) {
      rules = policy.rules(caller, interaction, type);
      byType.put(type, rules);
    }
    return rules;
  }

  /**
   * Whether no type is filtered or refused for this caller (asked of the policy once per type, in
   * memory): then includes need no per-level access statement.
   */
  @Override
  public boolean unrestricted() {
    Boolean known = unrestricted;
    if (known == null) {
      boolean all = true;
      for (String type : ResourceTypes.all()) {
        AccessRules r = rules(type);
        if (!r.permitted() || r.filters()) {
          all = false;
          break;
        }
      }
      known = all;
      unrestricted = known;
    }
    return known;
  }

  /** The same caller doing another interaction (a transaction's entries). */
  CallerScope with(Interaction other) {
    return other == interaction ? this : new CallerScope(policy, caller, other);
  }
}
