package health.custodian.web.internal.audit;

import health.custodian.audit.AuditEntry;
import health.custodian.audit.AuditPage;
import health.custodian.audit.AuditQueries;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Audit log search ({@code /audit}) and its CSV export ({@code /audit.csv}). Both are authorised
 * and audited by {@link AuditQueries}: a refused user gets the designed 403 page.
 */
@Controller("webAuditLogController")
class AuditLogController {

  private final AuditQueries audit;

  AuditLogController(AuditQueries audit) {
    this.audit = audit;
  }

  @GetMapping("/audit")
  String search(
      @RequestParam(defaultValue = "") String user,
      @RequestParam(defaultValue = "") String patient,
      @RequestParam(defaultValue = "") String action,
      @RequestParam(defaultValue = "") String outcome,
      @RequestParam(defaultValue = "") String from,
      @RequestParam(defaultValue = "") String to,
      @RequestParam(required = false) @Nullable Long before,
      @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
      Model model) {
    AuditForm form = new AuditForm(user, patient, action, outcome, from, to);
    AuditPage page = audit.search(form.criteria(AuditForm.PAGE, before));
    model.addAttribute("q", form);
    model.addAttribute("page", page);
    model.addAttribute("rows", page.entries().stream().map(AuditRow::of).toList());
    model.addAttribute("first", before == null);
    return htmx != null ? "web/audit :: results" : "web/audit";
  }

  @GetMapping("/audit.csv")
  ResponseEntity<byte[]> export(
      @RequestParam(defaultValue = "") String user,
      @RequestParam(defaultValue = "") String patient,
      @RequestParam(defaultValue = "") String action,
      @RequestParam(defaultValue = "") String outcome,
      @RequestParam(defaultValue = "") String from,
      @RequestParam(defaultValue = "") String to) {
    AuditForm form = new AuditForm(user, patient, action, outcome, from, to);
    List<AuditEntry> entries = audit.all(form.criteria(1000, null), AuditQueries.MAX, true);
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-log.csv\"")
        .body(AuditCsv.write(entries).getBytes(StandardCharsets.UTF_8));
  }
}
