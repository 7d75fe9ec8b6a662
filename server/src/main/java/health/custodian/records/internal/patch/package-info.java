@NullMarked
package health.custodian.records.internal.patch;

import org.jspecify.annotations.NullMarked;
