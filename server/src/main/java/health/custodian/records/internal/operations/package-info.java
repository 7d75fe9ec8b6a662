/** The record store's own FHIR operations, contributed through the public extension point. */
@NullMarked
package health.custodian.records.internal.operations;

import org.jspecify.annotations.NullMarked;
