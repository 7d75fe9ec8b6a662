package health.custodian.audit.internal.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.access.AccessDeniedException;
import health.custodian.access.Interaction;
import health.custodian.records.FhirException;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /fhir/Patient/{id}/$disclosures?start=&end=}: the accounting of disclosures of one
 * patient's information (HIPAA 45 CFR 164.528) for any window up to six years (default: the six
 * years up to now), as a searchset Bundle of AuditEvents or, with {@code _format=text/csv} or
 * {@code Accept: text/csv}, as CSV with one line per disclosure: date, recipient, recipient type,
 * description, purpose, AuditEvent id. What counts as a disclosure: docs/audit.md.
 */
@RestController
class DisclosuresController {

  private static final String CSV_HEADER =
      "date,recipient,recipient_type,description,purpose,audit_event\r\n";

  private final AuditQuery query;
  private final ReportAccess access;
  private final Clock clock = Clock.systemUTC();

  DisclosuresController(AuditQuery query, ReportAccess access) {
    this.query = query;
    this.access = access;
  }

  @GetMapping("/fhir/Patient/{id}/$disclosures")
  ResponseEntity<byte[]> disclosures(
      @PathVariable String id,
      @RequestParam(required = false) @Nullable String start,
      @RequestParam(required = false) @Nullable String end,
      @RequestParam(name = "_format", required = false) @Nullable String format,
      HttpServletRequest request) {
    String q =
        "$disclosures" + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    ReportAccess.Grant grant = access.authorize(Interaction.SEARCH, "operation", q);
    if (grant.patients() != null && !grant.patients().contains(id)) {
      throw AccessDeniedException.forbidden("patient", "Not allowed to read this accounting");
    }
    Instant to = end == null ? clock.instant() : SearchParams.range(end)[1];
    Instant from =
        start == null
            ? to.atOffset(ZoneOffset.UTC).minusYears(6).toInstant()
            : SearchParams.range(start)[0];
    if (!from.isBefore(to)) {
      throw FhirException.badRequest("invalid-window", "start must be before end", "start");
    }
    if (from.isBefore(to.atOffset(ZoneOffset.UTC).minusYears(6).minusDays(1).toInstant())) {
      throw FhirException.badRequest(
          "invalid-window", "An accounting covers at most six years (164.528(a))", "start");
    }
    List<EventView> found = query.disclosures(id, from, to);
    access.audited(grant, "operation", List.of("Patient/" + id), Set.of(id), q);
    if (wantsCsv(format, request.getHeader(HttpHeaders.ACCEPT))) {
      StringBuilder csv = new StringBuilder(CSV_HEADER);
      for (EventView e : found) {
        csv.append(e.recorded()).append(',');
        csv.append(cell(e.agentId())).append(',');
        csv.append(AuditEventJson.kind(e.agentKind())).append(',');
        csv.append(cell(description(e))).append(',');
        csv.append(cell(purpose(e))).append(',');
        csv.append("AuditEvent/").append(e.seq()).append("\r\n");
      }
      return ResponseEntity.ok()
          .header(HttpHeaders.CONTENT_TYPE, "text/csv;charset=UTF-8")
          .header(
              HttpHeaders.CONTENT_DISPOSITION,
              "attachment; filename=\"disclosures-"
                  + id.replaceAll("[^A-Za-z0-9.-]", "_")
                  + ".csv\"")
          .body(csv.toString().getBytes(StandardCharsets.UTF_8));
    }
    String base = AuditEventController.base();
    ObjectNode bundle = AuditEventJson.bundle(found, base, base + "/Patient/" + id + "/" + q, "");
    return AuditEventController.json(200, bundle);
  }

  static String description(EventView e) {
    String what =
        e.entities().isEmpty()
            ? "Patient/" + String.join(" Patient/", e.patients())
            : String.join(" ", e.entities());
    return e.subtype() + " " + what;
  }

  /** The purpose as far as the log knows it (the recipient's stated purpose is not recorded). */
  static String purpose(EventView e) {
    if (e.emergency()) {
      return "emergency access (break-glass"
          + (e.breakGlass() == null ? "" : " " + e.breakGlass())
          + ")";
    }
    if (e.subtype().equals("export")) {
      return "bulk data export";
    }
    return "release to external application";
  }

  private static boolean wantsCsv(@Nullable String format, @Nullable String accept) {
    if (format != null) {
      String f = format.toLowerCase(Locale.ROOT);
      return f.equals("csv") || f.startsWith("text/csv");
    }
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
  }

  /** RFC 4180: quoted when it holds a comma, quote or line break; formulas neutralised. */
  private static String cell(String value) {
    String v = value;
    if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v; // a spreadsheet must not run a recipient's name as a formula
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
