package health.custodian.audit.internal.report;

import health.custodian.audit.internal.chain.EventRow;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One stored audit event, read back for reports: the {@link EventRow} the chain covers, with the
 * dictionary prefixes of its terms ({@code U:}, {@code s:}, {@code a:}, {@code t:}) removed.
 */
record EventView(EventRow row) {

  long seq() {
    return row.seq();
  }

  Instant recorded() {
    return row.recorded();
  }

  /** U (user), C (client), S (system) or A (anonymous). */
  char agentKind() {
    return row.agent().charAt(0);
  }

  String agentId() {
    return row.agent().substring(2);
  }

  String subtype() {
    return row.subtype().substring(2);
  }

  @Nullable String address() {
    return strip(row.address());
  }

  @Nullable String session() {
    return strip(row.session());
  }

  int outcome() {
    return row.outcome();
  }

  char action() {
    return row.action();
  }

  boolean emergency() {
    return row.emergency();
  }

  @Nullable String detail() {
    return row.detail();
  }

  @Nullable String query() {
    return row.query();
  }

  @Nullable String breakGlass() {
    return row.breakGlass();
  }

  List<String> entities() {
    return row.entities();
  }

  List<String> patients() {
    return row.patients();
  }

  private static @Nullable String strip(@Nullable String term) {
    return term == null ? null : term.substring(2);
  }
}
