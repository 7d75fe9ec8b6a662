package health.custodian.audit;

import java.util.List;

/**
 * Reads of the audit log for other modules (the web workspace's auditor pages), as the caller of
 * the current request. Every call is authorised like {@code GET /fhir/AuditEvent} (the access
 * policy's rules for {@code AuditEvent}; refused with {@link
 * health.custodian.access.AccessDeniedException}) and is itself audited, refusals included
 * (docs/audit.md "Reports for the compliance auditor").
 */
public interface AuditQueries {

  /** The most entries one call returns. */
  int MAX = 5000;

  /** Whether the current caller may search the audit log (nothing is audited for asking). */
  boolean permitted();

  /** One page, newest first; audited as a {@code search-type} of the audit log. */
  AuditPage search(AuditCriteria criteria);

  /**
   * Up to {@code max} matching entries (at most {@link #MAX}), newest first, for a report or an
   * export: audited once, as {@code export} when {@code export} is true (a file leaves the system)
   * and as {@code search-type} otherwise.
   */
  List<AuditEntry> all(AuditCriteria criteria, int max, boolean export);
}
