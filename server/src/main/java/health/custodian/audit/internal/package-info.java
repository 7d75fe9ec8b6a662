/** Audit internals. */
@NullMarked
package health.custodian.audit.internal;

import org.jspecify.annotations.NullMarked;
