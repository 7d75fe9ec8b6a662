@NullMarked
package health.custodian.records.internal.search;

import org.jspecify.annotations.NullMarked;
