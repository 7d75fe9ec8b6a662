package health.custodian.audit.internal;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit settings ({@code custodian.audit.*}). There is deliberately no switch that turns auditing
 * off (issue #5).
 *
 * @param keyFile the HMAC key file; default {@code <data-dir>/secrets/audit.key} (set it for an
 *     external database whose data folder is not the server's)
 * @param checkpointDir where signed checkpoints go; default {@code <data-dir>/audit/checkpoints}
 * @param checkpointInterval how often the chain head is checkpointed (and once at shutdown)
 * @param maxBatch most read events committed together by the group-commit writer
 * @param commitDelay how long the group-commit leader may wait for more read events when reads
 *     arrive concurrently, so that one durable commit serves more of them (a lone reader never
 *     waits, and the wait ends earlier once half the callers are queued); zero commits at once
 */
@ConfigurationProperties("custodian.audit")
public record AuditProperties(
    @Nullable Path keyFile,
    @Nullable Path checkpointDir,
    @DefaultValue("60s") Duration checkpointInterval,
    @DefaultValue("1000") int maxBatch,
    @DefaultValue("400us") Duration commitDelay) {}
