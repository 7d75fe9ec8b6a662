package health.custodian.web.internal.audit;

import health.custodian.audit.AuditEntry;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** One audit entry as the pages show it: readable time, action and outcome. */
record AuditRow(
    long id,
    String time,
    String userId,
    String user,
    String action,
    String subtype,
    String outcome,
    boolean failed,
    String detail,
    List<String> entities,
    List<String> patients,
    String address,
    boolean emergency) {

  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** FHIR R4 AuditEvent.action (audit-event-action) and outcome (audit-event-outcome) names. */
  static final Map<String, String> ACTIONS =
      Map.of("C", "Create", "R", "Read", "U", "Update", "D", "Delete", "E", "Execute");

  static final Map<Integer, String> OUTCOMES =
      Map.of(0, "Success", 4, "Minor failure", 8, "Serious failure", 12, "Major failure");

  static AuditRow of(AuditEntry e) {
    return new AuditRow(
        e.id(),
        TIME.format(e.time()),
        e.user(),
        e.userKind().equals("user") ? e.user() : e.user() + " (" + e.userKind() + ")",
        ACTIONS.getOrDefault(e.action(), e.action()),
        e.subtype(),
        OUTCOMES.getOrDefault(e.outcome(), Integer.toString(e.outcome())),
        e.outcome() != 0,
        e.detail() == null ? "" : e.detail(),
        e.entities().size() > 5 ? e.entities().subList(0, 5) : e.entities(),
        e.patients(),
        e.address() == null ? "" : e.address(),
        e.emergency());
  }
}
