/** Web workspace internals: finder. */
@NullMarked
package health.custodian.web.internal.finder;

import org.jspecify.annotations.NullMarked;
