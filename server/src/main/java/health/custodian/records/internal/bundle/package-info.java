@NullMarked
package health.custodian.records.internal.bundle;

import org.jspecify.annotations.NullMarked;
