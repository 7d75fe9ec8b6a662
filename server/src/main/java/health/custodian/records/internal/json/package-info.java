/** The project's FHIR JSON handling on Jackson trees (exact decimals, strict parsing). */
@NullMarked
package health.custodian.records.internal.json;

import org.jspecify.annotations.NullMarked;
