/**
 * The compliance auditor's pages: audit log search and export, break-glass reviews, unusual access.
 */
@NullMarked
package health.custodian.web.internal.audit;

import org.jspecify.annotations.NullMarked;
