@NullMarked
package health.custodian.records.internal.storage;

import org.jspecify.annotations.NullMarked;
