/** Audit internals. */
@NullMarked
package health.custodian.audit.internal.store;

import org.jspecify.annotations.NullMarked;
