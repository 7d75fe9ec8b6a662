package health.custodian.web.internal.audit;

import health.custodian.audit.AuditCriteria;
import health.custodian.audit.AuditEntry;
import health.custodian.audit.AuditQueries;
import health.custodian.records.CareRelations;
import health.custodian.security.UserAdministration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The unusual access report (issue #6) over the audit log of a recent window, read through {@link
 * AuditQueries} (authorised and audited as one search). Three patterns, each finding with its
 * evidence, the audit entries:
 *
 * <ul>
 *   <li><b>charts without care</b>: a user who opened the records of many patients with whom the
 *       user has no encounter: no Encounter lists the user's actor (a Practitioner, say) as a
 *       participant, asked through {@link CareRelations} (the auditor may not read Encounters
 *       themselves, docs/security.md), and the user wrote nothing in that patient's record in the
 *       window (documenting care writes the record; this also covers users without an actor);
 *   <li><b>family and neighbours</b>: see {@link Relatives};
 *   <li><b>after-hours bursts</b>: at least N accesses to patient data outside working hours within
 *       one hour by one user.
 * </ul>
 */
@Service
class UnusualAccess {

  static final int EVIDENCE = 25;

  /** Patients asked about per care-relations call (each call is one audit record). */
  private static final int CARE_CHECK_BATCH = 500;

  private final AuditQueries audit;
  private final Relatives relatives;
  private final CareRelations care;
  private final UserAdministration users;
  private final Clock clock = Clock.systemUTC();

  UnusualAccess(
      AuditQueries audit, Relatives relatives, CareRelations care, UserAdministration users) {
    this.audit = audit;
    this.relatives = relatives;
    this.care = care;
    this.users = users;
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
    // One read of the user directory serves both the care and the family checks.
    Map<String, UserAdministration.UserInfo> known = new HashMap<>();
    users.listUsers().forEach(u -> known.put(u.name(), u));
    List<Finding> findings = new ArrayList<>();
    byUser.forEach(
        (user, entries) -> {
          UserAdministration.UserInfo info = known.get(user);
          String actor = info == null ? null : info.actorReference();
          chartsWithoutCare(user, actor, entries, s.chartsWithoutEncounter())
              .ifPresent(findings::add);
          afterHours(user, entries, s, zone).ifPresent(findings::add);
        });
    findings.addAll(relatives.findings(byUser, known));
    return new Report(findings, all.size(), all.size() >= AuditQueries.MAX);
  }

  private Optional<Finding> chartsWithoutCare(
      String user, @Nullable String actor, List<AuditEntry> entries, int threshold) {
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
    if (actor != null && firstOpen.size() >= threshold) {
      List<String> opened = new ArrayList<>(firstOpen.keySet());
      for (int i = 0; i < opened.size(); i += CARE_CHECK_BATCH) {
        firstOpen
            .keySet()
            .removeAll(
                care.patientsWithEncounter(
                    actor, opened.subList(i, Math.min(opened.size(), i + CARE_CHECK_BATCH))));
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
                + " patients with no encounter with this user and nothing written by this user in"
                + " the window (threshold "
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
