/** Web workspace internals: home. */
@NullMarked
package health.custodian.web.internal.home;

import org.jspecify.annotations.NullMarked;
