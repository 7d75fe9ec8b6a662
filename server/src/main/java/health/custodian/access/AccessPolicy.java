package health.custodian.access;

/**
 * Decides what a caller may do with a resource type. Implemented by the security module (roles,
 * SMART scopes, clearances, break-glass); enforced by the records module's gateway, which turns the
 * answer into SQL conditions so that paging, counts and includes never show more than the caller
 * may see.
 */
public interface AccessPolicy {

  /**
   * The rules for {@code caller} doing {@code interaction} on resources of {@code resourceType}.
   * Must be fast (called per request and per included type) and must not touch patient data.
   */
  AccessRules rules(Caller caller, Interaction interaction, String resourceType);
}
