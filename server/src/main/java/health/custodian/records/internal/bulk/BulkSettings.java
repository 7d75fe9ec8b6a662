package health.custodian.records.internal.bulk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bulk data settings ({@code custodian.bulk.*}).
 *
 * @param dir where job files live; default {@code <data-dir>/bulk}
 * @param retention how long finished jobs and their files (and unused uploads) are kept
 * @param importDirs folders whose files {@code $import} may read by path; empty: none
 * @param importBatch resources per import transaction
 * @param importWriters parallel import transactions (threads and connections) per running import;
 *     two by default: one PostgreSQL backend COPYing a batch at a time was the load phase's
 *     critical path (one core busy, the parsing thread waiting on it), two keep both cores of a
 *     small machine busy (docs/benchmarks.md, Bulk data, 2026-11-27 02:35-03:55 UTC)
 * @param fetchSize rows fetched per round trip while exporting
 * @param workers jobs run at the same time; more wait in the queue
 * @param importCheckReferences reject import lines whose local references point at resources
 *     neither stored nor in the import; false loads them as they are
 * @param maxUploadBytes largest {@code $import-upload} body
 * @param suspendLinkIndexFrom an import of at least this many ids, and of no fewer than the live
 *     resources stored, loads without {@code resource_link_target} and builds it during the index
 *     phase ({@code storage.LinkIndex}); 0 never does
 * @param suspendHistoryIndexes such an import also loads without the two history indexes of {@code
 *     resource_version} (V42) and builds them with the link index
 */
@ConfigurationProperties("custodian.bulk")
record BulkSettings(
    @Nullable Path dir,
    @DefaultValue("24h") Duration retention,
    @DefaultValue List<Path> importDirs,
    @DefaultValue("2000") int importBatch,
    @DefaultValue("2") int importWriters,
    @DefaultValue("2000") int fetchSize,
    @DefaultValue("1") int workers,
    @DefaultValue("true") boolean importCheckReferences,
    @DefaultValue("4294967296") long maxUploadBytes,
    @DefaultValue("50000") long suspendLinkIndexFrom,
    @DefaultValue("true") boolean suspendHistoryIndexes) {}
