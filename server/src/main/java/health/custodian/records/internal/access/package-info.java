/**
 * The records module's one storage gateway (issue #5): every read, search, history, write, Bundle,
 * operation and Bulk Data kick-off passes through {@link
 * health.custodian.records.internal.access.Gateway}, which asks the {@code AccessPolicy} for the
 * caller's rules, has them applied inside the SQL, and records exactly one {@code AuditRecord} per
 * interaction, success or failure. Controllers cannot reach the stores beneath it ({@code
 * GatewayBoundaryTest}).
 */
@NullMarked
package health.custodian.records.internal.access;

import org.jspecify.annotations.NullMarked;
