/** Audit internals. */
@NullMarked
package health.custodian.audit.internal.chain;

import org.jspecify.annotations.NullMarked;
