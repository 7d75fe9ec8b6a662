package health.custodian.web.internal.audit;

import health.custodian.access.Caller;
import health.custodian.audit.AuditCriteria;
import health.custodian.audit.AuditEntry;
import health.custodian.audit.AuditQueries;
import health.custodian.security.policy.BreakGlassGrant;
import health.custodian.security.policy.BreakGlassService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The break-glass review queue with the evidence a reviewer needs: for each grant not reviewed yet,
 * what the user did while it was in force, from the audit log (events of that user in [granted,
 * expires)).
 */
@Service
class BreakGlassReviews {

  /** Entries of one grant shown; the audit log page has the rest. */
  static final int EVIDENCE = 200;

  private final BreakGlassService breakGlass;
  private final AuditQueries audit;
  private final Clock clock = Clock.systemUTC();

  BreakGlassReviews(BreakGlassService breakGlass, AuditQueries audit) {
    this.breakGlass = breakGlass;
    this.audit = audit;
  }

  /**
   * @param opened the audit entries concerning patients during the grant, newest first
   * @param patients distinct patients concerned
   * @param active whether the grant is still in force
   */
  record Pending(
      BreakGlassGrant grant,
      String granted,
      String expires,
      boolean active,
      List<AuditRow> opened,
      long patients) {}

  /** The queue, oldest first; refused (403, audited) for anyone but a compliance auditor. */
  List<Pending> queue(Caller viewer) {
    List<BreakGlassGrant> grants = breakGlass.reviewQueue(viewer);
    Instant now = clock.instant();
    return grants.stream().map(g -> pending(g, now)).toList();
  }

  private Pending pending(BreakGlassGrant g, Instant now) {
    AuditCriteria during =
        new AuditCriteria(g.userId(), null, null, null, null, g.granted(), g.expires(), 1000, null);
    List<AuditEntry> entries =
        audit.all(during, EVIDENCE, false).stream().filter(e -> !e.patients().isEmpty()).toList();
    return new Pending(
        g,
        AuditRow.TIME.format(g.granted()),
        AuditRow.TIME.format(g.expires()),
        g.expires().isAfter(now),
        entries.stream().map(AuditRow::of).toList(),
        entries.stream().flatMap(e -> e.patients().stream()).distinct().count());
  }

  void review(String id, Caller reviewer, String outcome, String comment) {
    breakGlass.review(id, reviewer, outcome, comment);
  }
}
