/**
 * Records: the FHIR R4 record store and its REST API at {@code /fhir}. Other modules use only the
 * types in this package: {@link health.custodian.records.ResourcesChanged} (a durable event, one
 * per committed change set), {@link health.custodian.records.FhirOperation} (the extension point
 * for {@code $operations}) and {@link health.custodian.records.FhirException}.
 */
@NullMarked
package health.custodian.records;

import org.jspecify.annotations.NullMarked;
