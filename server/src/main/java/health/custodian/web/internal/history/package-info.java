/** Web workspace internals: history. */
@NullMarked
package health.custodian.web.internal.history;

import org.jspecify.annotations.NullMarked;
