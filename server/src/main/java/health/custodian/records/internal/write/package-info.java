/** Write interactions: create, update, patch, delete and their conditional forms (R4 3.1.0). */
@NullMarked
package health.custodian.records.internal.write;

import org.jspecify.annotations.NullMarked;
