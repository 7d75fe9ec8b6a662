package health.custodian.audit.internal.report;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One stored audit event, read back for reports (dictionary prefixes removed). */
record EventView(
    long seq,
    Instant recorded,
    char agentKind,
    String agentId,
    String subtype,
    @Nullable String address,
    @Nullable String session,
    int outcome,
    char action,
    boolean emergency,
    @Nullable String detail,
    @Nullable String query,
    @Nullable String breakGlass,
    List<String> entities,
    List<String> patients) {}
