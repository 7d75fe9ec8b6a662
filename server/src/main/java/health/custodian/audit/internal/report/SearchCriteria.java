package health.custodian.audit.internal.report;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A parsed AuditEvent search. Values of one parameter are ORed (comma), repeated date parameters
 * ANDed, as in FHIR search (R4 3.1.1.5).
 *
 * @param from inclusive lower bound of recorded, or null
 * @param to exclusive upper bound of recorded, or null
 * @param before keyset paging: only events with a smaller position (newest first)
 * @param allowedPatients the caller's patient restriction from its access rules, or null
 */
record SearchCriteria(
    List<String> patients,
    List<String> agents,
    List<String> actions,
    List<Integer> outcomes,
    List<String> subtypes,
    @Nullable Instant from,
    @Nullable Instant to,
    int count,
    @Nullable Long before,
    @Nullable Set<String> allowedPatients) {}
