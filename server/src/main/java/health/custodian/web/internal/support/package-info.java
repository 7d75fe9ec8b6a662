/** Web workspace internals: support. */
@NullMarked
package health.custodian.web.internal.support;

import org.jspecify.annotations.NullMarked;
