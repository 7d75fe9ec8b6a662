/** Web workspace internals: chart. */
@NullMarked
package health.custodian.web.internal.chart;

import org.jspecify.annotations.NullMarked;
