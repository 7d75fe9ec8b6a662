@NullMarked
package health.custodian.records.internal.validation;

import org.jspecify.annotations.NullMarked;
