/**
 * Audit: the tamper-evident audit log (issue #5). It implements {@link
 * health.custodian.access.AuditTrail}, stores events compactly in PostgreSQL chained with
 * HMAC-SHA256 (key outside the database, signed checkpoints outside the database), serves them as
 * FHIR AuditEvents and the accounting of disclosures. Its public API is {@link
 * health.custodian.audit.AuditVerifier} for {@code ./custodian audit verify} and {@link
 * health.custodian.audit.AuditQueries}, the authorised and audited read API of the workspace. See
 * docs/audit.md.
 */
@NullMarked
package health.custodian.audit;

import org.jspecify.annotations.NullMarked;
