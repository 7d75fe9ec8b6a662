/** Audit internals. */
@NullMarked
package health.custodian.audit.internal.report;

import org.jspecify.annotations.NullMarked;
