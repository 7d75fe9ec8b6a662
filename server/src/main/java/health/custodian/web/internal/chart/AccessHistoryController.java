package health.custodian.web.internal.chart;

import health.custodian.audit.AuditCriteria;
import health.custodian.audit.AuditPage;
import health.custodian.audit.AuditQueries;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Who has seen this record": the latest audit entries concerning one patient, a section of the
 * chart loaded by htmx. Only callers the access policy lets search {@code AuditEvent} see it (with
 * the default matrix, the compliance auditor; docs/security.md "Role matrix"); {@link AuditQueries}
 * refuses (403 page) and audits everyone else, and audits every page it shows.
 */
@Controller("webAccessHistoryController")
class AccessHistoryController {

  static final int PAGE = 10;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private final AuditQueries audit;

  AccessHistoryController(AuditQueries audit) {
    this.audit = audit;
  }

  record Access(String user, String when, String action, String outcome, boolean emergency) {}

  @GetMapping("/patients/{id}/access")
  String history(
      @PathVariable String id, @RequestParam(required = false) @Nullable Long before, Model model) {
    AuditPage page =
        audit.search(new AuditCriteria(null, id, null, null, null, null, null, PAGE, before));
    model.addAttribute(
        "accesses",
        page.entries().stream()
            .map(
                e ->
                    new Access(
                        e.user(),
                        TIME.format(e.time()),
                        e.subtype(),
                        e.succeeded() ? "" : "refused or failed",
                        e.emergency()))
            .toList());
    model.addAttribute("nextBefore", page.nextBefore());
    model.addAttribute("patientId", id);
    return "web/sections :: access";
  }
}
