/** {@link health.custodian.records.RecordQueries} for other modules, through the store's reads. */
@NullMarked
package health.custodian.records.internal.queries;

import org.jspecify.annotations.NullMarked;
