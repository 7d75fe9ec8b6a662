package health.custodian.audit.internal.chain;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One audit event as stored (strings resolved from the dictionary): exactly what the chain mac
 * covers.
 *
 * @param seq chain position (1, 2, ...), also the AuditEvent id
 * @param recordedMicros microseconds since the epoch (PostgreSQL's timestamp precision)
 * @param agent {@code <kind letter>:<caller id>}
 * @param patients sorted
 * @param entities references in the order recorded
 */
public record EventRow(
    long seq,
    long recordedMicros,
    String agent,
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
    List<String> patients) {

  public EventRow {
    entities = List.copyOf(entities);
    patients = List.copyOf(patients);
  }

  /** The same event at another chain position. */
  public EventRow at(long position) {
    return new EventRow(
        position,
        recordedMicros,
        agent,
        subtype,
        address,
        session,
        outcome,
        action,
        emergency,
        detail,
        query,
        breakGlass,
        entities,
        patients);
  }

  /** {@link #recordedMicros} as an instant. */
  public Instant recorded() {
    return Instant.ofEpochSecond(
        Math.floorDiv(recordedMicros, 1_000_000L),
        Math.floorMod(recordedMicros, 1_000_000L) * 1000);
  }
}
