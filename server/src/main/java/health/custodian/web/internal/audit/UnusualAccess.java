package health.custodian.web.internal.audit;

import health.custodian.audit.AuditCriteria;
import health.custodian.audit.AuditEntry;
import health.custodian.audit.AuditQueries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The unusual access report (issue #6) over the audit log of a recent window, read through {@link
 * AuditQueries} (authorised and audited as one search). Three patterns, each finding with its
 * evidence, the audit entries:
 *
 * <ul>
 *   <li><b>charts without care</b>: a user who opened the records of many patients for whom the
 *       window shows no sign of care by that user. The compliance auditor may not read Encounters
 *       (docs/security.md, role matrix), so the report cannot compare Encounter.participant with
 *       the user's actor; it approximates "has an encounter with" by "created or updated a resource
 *       of that patient in the window" (documenting care writes the record);
 *   <li><b>family and neighbours</b>: see {@link Relatives};
 *   <li><b>after-hours bursts</b>: at least N accesses to patient data outside working hours within
 *       one hour by one user.
 * </ul>
 */
@Service
class UnusualAccess {

  static final int EVIDENCE = 25;

  private final AuditQueries audit;
  private final Relatives relatives;
  private final Clock clock = Clock.systemUTC();

  UnusualAccess(AuditQueries audit, Relatives relatives) {
    this.audit = audit;
    this.relatives = relatives;
  }

  /** The thresholds of one view of the report. */
  record Settings(
      int days, int chartsWithoutEncounter, LocalTime workStart, LocalTime workEnd, int burst) {}

  record Finding(String kind, String user, String summary, List<AuditRow> evidence) {}

  /**
   * @param scanned how many audit entries the report looked at (at most {@link AuditQueries#MAX})
   */
  record Report(List<Finding> findings, int scanned, boolean truncated) {}

  Report report(Settings s, ZoneId zone) {
    Instant now = clock.instant();
    List<AuditEntry> all =
        audit.all(
            AuditCriteria.period(now.minus(Duration.ofDays(s.days())), null, 1000),
            AuditQueries.MAX,
            false);
    List<AuditEntry> patientAccess =
        all.stream()
            .filter(e -> e.userKind().equals("user") && e.succeeded() && !e.patients().isEmpty())
            .sorted(Comparator.comparing(AuditEntry::time))
            .toList();
    Map<String, List<AuditEntry>> byUser = new LinkedHashMap<>();
    patientAccess.forEach(e -> byUser.computeIfAbsent(e.user(), u -> new ArrayList<>()).add(e));
    List<Finding> findings = new ArrayList<>();
    byUser.forEach(
        (user, entries) -> {
          chartsWithoutCare(user, entries, s.chartsWithoutEncounter()).ifPresent(findings::add);
          afterHours(user, entries, s, zone).ifPresent(findings::add);
        });
    findings.addAll(relatives.findings(byUser));
    return new Report(findings, all.size(), all.size() >= AuditQueries.MAX);
  }

  static Optional<Finding> chartsWithoutCare(String user, List<AuditEntry> entries, int threshold) {
    Set<String> cared = new LinkedHashSet<>();
    entries.stream()
        .filter(e -> e.action().equals("C") || e.action().equals("U"))
        .forEach(e -> cared.addAll(e.patients()));
    Map<String, AuditEntry> firstOpen = new LinkedHashMap<>();
    for (AuditEntry e : entries) {
      if (e.action().equals("R")
          || e.subtype().startsWith("search")
          || e.subtype().equals("operation")) {
        for (String p : e.patients()) {
          if (!cared.contains(p)) {
            firstOpen.putIfAbsent(p, e);
          }
        }
      }
    }
    if (firstOpen.size() < threshold) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding(
            "Charts without care",
            user,
            "opened the records of "
                + firstOpen.size()
                + " patients with no sign of care by this user in the window (threshold "
                + threshold
                + ")",
            firstOpen.values().stream().distinct().limit(EVIDENCE).map(AuditRow::of).toList()));
  }

  static Optional<Finding> afterHours(
      String user, List<AuditEntry> entries, Settings s, ZoneId zone) {
    List<AuditEntry> late =
        entries.stream()
            .filter(
                e -> afterHours(e.time().atZone(zone).toLocalTime(), s.workStart(), s.workEnd()))
            .toList();
    // Sliding window over the time-ordered entries: the largest number within one hour.
    int bestStart = 0;
    int bestCount = 0;
    int start = 0;
    for (int end = 0; end < late.size(); end++) {
      while (late.get(end).time().minus(Duration.ofHours(1)).isAfter(late.get(start).time())) {
        start++;
      }
      if (end - start + 1 > bestCount) {
        bestCount = end - start + 1;
        bestStart = start;
      }
    }
    if (bestCount < s.burst() || bestCount == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding(
            "After-hours burst",
            user,
            bestCount
                + " accesses to patient data within one hour outside "
                + s.workStart()
                + "-"
                + s.workEnd()
                + " (threshold "
                + s.burst()
                + ")",
            late.subList(bestStart, bestStart + bestCount).stream()
                .limit(EVIDENCE)
                .map(AuditRow::of)
                .toList()));
  }

  /** Outside [start, end); start equal to end means no working hours at all. */
  static boolean afterHours(LocalTime t, LocalTime start, LocalTime end) {
    if (start.equals(end)) {
      return true;
    }
    boolean inside =
        start.isBefore(end)
            ? !t.isBefore(start) && t.isBefore(end)
            : !t.isBefore(start) || t.isBefore(end);
    return !inside;
  }
}
