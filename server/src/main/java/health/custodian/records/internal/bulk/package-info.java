/**
 * FHIR Bulk Data Access (IG v2.0.0, https://hl7.org/fhir/uv/bulkdata/): asynchronous {@code
 * $export} at system, patient and group level, and an NDJSON {@code $import}, as background jobs
 * persisted in {@code bulk_job} with their files under {@code <data-dir>/bulk/<jobId>/}.
 */
@NullMarked
package health.custodian.records.internal.bulk;

import org.jspecify.annotations.NullMarked;
