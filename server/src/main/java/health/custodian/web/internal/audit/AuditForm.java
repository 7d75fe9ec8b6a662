package health.custodian.web.internal.audit;

import health.custodian.audit.AuditCriteria;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The audit log search form as typed: user, patient, action, outcome and a period of whole days
 * (UTC, both ends inclusive). Blank fields mean any.
 */
record AuditForm(
    String user, String patient, String action, String outcome, String from, String to) {

  static final int PAGE = 50;
  private static final Set<String> ACTIONS = Set.of("C", "R", "U", "D", "E");
  private static final Set<String> OUTCOMES = Set.of("0", "4", "8", "12");

  AuditForm {
    user = user.strip();
    patient = patient.strip().replaceFirst("^Patient/", "");
    action = action.strip().toUpperCase(Locale.ROOT);
    outcome = outcome.strip();
    from = from.strip();
    to = to.strip();
  }

  /** The criteria, or IllegalArgumentException (the designed 400 page) for invalid values. */
  AuditCriteria criteria(int count, @Nullable Long before) {
    if (!action.isEmpty() && !ACTIONS.contains(action)) {
      throw new IllegalArgumentException("action");
    }
    if (!outcome.isEmpty() && !OUTCOMES.contains(outcome)) {
      throw new IllegalArgumentException("outcome");
    }
    LocalDate start = day(from);
    LocalDate end = day(to);
    return new AuditCriteria(
        blank(user),
        blank(patient),
        blank(action),
        outcome.isEmpty() ? null : Integer.valueOf(outcome),
        null,
        start == null ? null : start.atStartOfDay(ZoneOffset.UTC).toInstant(),
        end == null ? null : end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
        count,
        before);
  }

  private static @Nullable LocalDate day(String value) {
    if (value.isEmpty()) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("date", e);
    }
  }

  private static @Nullable String blank(String value) {
    return value.isEmpty() ? null : value;
  }
}
