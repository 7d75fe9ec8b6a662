package health.custodian.records.internal.search;

import health.custodian.access.AccessRules;
import health.custodian.access.Caller;

/**
 * One caller's rules for one interaction, per resource type, as the records gateway resolved them
 * from the {@code AccessPolicy}. The search package turns them into SQL ({@link AccessSearch}).
 */
public interface AccessScope {

  Caller caller();

  /** The rules for resources of {@code type} (asked again per type for includes and history). */
  AccessRules rules(String type);

  /** Whether no resource type is filtered or refused (lets set-based checks be skipped). */
  default boolean unrestricted() {
    return false;
  }
}
