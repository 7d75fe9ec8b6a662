/**
 * Access: the contract between the storage gateway (records), the modules that decide who may see
 * what (security) and the audit log (audit). It holds only types and interfaces, so that records,
 * security and audit depend on it and not on each other.
 *
 * <ul>
 *   <li>{@link health.custodian.access.Caller}: who is asking (user or client, roles, SMART scopes,
 *       patient context, clearances, break-glass).
 *   <li>{@link health.custodian.access.CallerContext}: the caller of the current request
 *       (implemented by security).
 *   <li>{@link health.custodian.access.AccessPolicy}: what a caller may do with a resource type, as
 *       {@link health.custodian.access.AccessRules} that the gateway turns into SQL (implemented by
 *       security).
 *   <li>{@link health.custodian.access.AuditTrail}: where every access is recorded (implemented by
 *       audit), as {@link health.custodian.access.AuditRecord}s.
 * </ul>
 */
@NullMarked
package health.custodian.access;

import org.jspecify.annotations.NullMarked;
