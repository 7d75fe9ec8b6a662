package health.custodian.web.internal.audit;

import health.custodian.audit.AuditEntry;
import java.util.List;

/**
 * The audit log export as CSV (RFC 4180): CRLF line ends, fields with a comma, quote or line break
 * quoted with inner quotes doubled. A field starting with {@code = + - @} or a tab is prefixed with
 * an apostrophe so that a spreadsheet opening the file never evaluates it as a formula (OWASP "CSV
 * Injection").
 */
final class AuditCsv {

  static final String HEADER =
      "id,time,user_kind,user,action,subtype,outcome,detail,entities,patients,address,emergency,"
          + "break_glass";

  private AuditCsv() {}

  static String write(List<AuditEntry> entries) {
    StringBuilder out = new StringBuilder(HEADER).append("\r\n");
    for (AuditEntry e : entries) {
      row(
          out,
          Long.toString(e.id()),
          e.time().toString(),
          e.userKind(),
          e.user(),
          e.action(),
          e.subtype(),
          Integer.toString(e.outcome()),
          e.detail() == null ? "" : e.detail(),
          String.join(" ", e.entities()),
          String.join(" ", e.patients()),
          e.address() == null ? "" : e.address(),
          Boolean.toString(e.emergency()),
          e.breakGlass() == null ? "" : e.breakGlass());
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String... fields) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(field(fields[i]));
    }
    out.append("\r\n");
  }

  static String field(String value) {
    String v = value;
    if (!v.isEmpty() && "=+-@\t".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.indexOf(',') >= 0
        || v.indexOf('"') >= 0
        || v.indexOf('\n') >= 0
        || v.indexOf('\r') >= 0) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }
}
