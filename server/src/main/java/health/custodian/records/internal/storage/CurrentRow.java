package health.custodian.records.internal.storage;

import java.time.Instant;

/** The current-pointer row of a resource ({@code resource} table). */
record CurrentRow(long pk, int version, boolean deleted, Instant lastUpdated) {}
