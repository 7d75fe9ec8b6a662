package health.custodian.audit.internal.report;

import health.custodian.records.FhirException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parses the AuditEvent search parameters this server supports: {@code patient}, {@code agent},
 * {@code action}, {@code outcome}, {@code subtype}, {@code date} (prefixes eq, ge, gt, le, lt; a
 * date without a zone is UTC), {@code _count} and the paging cursor {@code _before}. Anything else
 * is refused (400) rather than silently ignored, so an auditor never reads an unfiltered report as
 * a filtered one.
 */
final class SearchParams {

  static final int DEFAULT_COUNT = 50;
  static final int MAX_COUNT = 1000;

  private static final Set<String> IGNORED = Set.of("_format", "_pretty");

  private SearchParams() {}

  static SearchCriteria parse(Map<String, String[]> params, @Nullable Set<String> allowed) {
    List<String> patients = new ArrayList<>();
    List<String> agents = new ArrayList<>();
    List<String> actions = new ArrayList<>();
    List<Integer> outcomes = new ArrayList<>();
    List<String> subtypes = new ArrayList<>();
    Instant from = null;
    Instant to = null;
    int count = DEFAULT_COUNT;
    Long before = null;
    for (Map.Entry<String, String[]> e : params.entrySet()) {
      String name = e.getKey();
      for (String raw : e.getValue()) {
        switch (name) {
          case "patient" -> {
            for (String v : split(name, raw)) {
              patients.add(v.startsWith("Patient/") ? v.substring("Patient/".length()) : v);
            }
          }
          case "agent" -> agents.addAll(split(name, raw));
          case "action" -> {
            for (String v : split(name, raw)) {
              if (!v.matches("[CRUDE]")) {
                throw bad(name, "action must be C, R, U, D or E");
              }
              actions.add(v);
            }
          }
          case "outcome" -> {
            for (String v : split(name, raw)) {
              if (!v.matches("0|4|8|12")) {
                throw bad(name, "outcome must be 0, 4, 8 or 12");
              }
              outcomes.add(Integer.parseInt(v));
            }
          }
          case "subtype" -> {
            for (String v : split(name, raw)) {
              subtypes.add(v.contains("|") ? v.substring(v.indexOf('|') + 1) : v);
            }
          }
          case "date" -> {
            Instant[] range = dateBound(raw);
            if (range[0] != null && (from == null || range[0].isAfter(from))) {
              from = range[0];
            }
            if (range[1] != null && (to == null || range[1].isBefore(to))) {
              to = range[1];
            }
          }
          case "_count" -> count = integer(name, raw, 0, MAX_COUNT);
          case "_before" -> before = position(name, raw);
          default -> {
            if (!IGNORED.contains(name)) {
              throw bad(name, "Unsupported AuditEvent search parameter " + name);
            }
          }
        }
      }
    }
    return new SearchCriteria(
        patients, agents, actions, outcomes, subtypes, from, to, count, before, allowed);
  }

  private static List<String> split(String name, String raw) {
    List<String> values = new ArrayList<>();
    for (String v : raw.split(",")) {
      if (!v.isBlank()) {
        values.add(v.trim());
      }
    }
    if (values.isEmpty()) {
      throw bad(name, "Empty value for " + name);
    }
    return values;
  }

  private static int integer(String name, String raw, int min, int max) {
    try {
      int v = Integer.parseInt(raw.trim());
      if (v < min || v > max) {
        throw bad(name, name + " must be between " + min + " and " + max);
      }
      return v;
    } catch (NumberFormatException e) {
      throw bad(name, name + " must be a whole number");
    }
  }

  private static long position(String name, String raw) {
    try {
      long v = Long.parseLong(raw.trim());
      if (v < 1) {
        throw bad(name, name + " must be a positive AuditEvent id");
      }
      return v;
    } catch (NumberFormatException e) {
      throw bad(name, name + " must be a positive AuditEvent id");
    }
  }

  /** [inclusive from, exclusive to] for one {@code date} value with its prefix. */
  private static @Nullable Instant[] dateBound(String raw) {
    String prefix = "eq";
    String value = raw.trim();
    if (value.length() > 2 && Character.isLetter(value.charAt(0))) {
      prefix = value.substring(0, 2);
      value = value.substring(2);
    }
    Instant[] range = range(value);
    return switch (prefix) {
      case "eq" -> range;
      case "ge" -> new Instant[] {range[0], null};
      case "gt" -> new Instant[] {range[1], null};
      case "le" -> new Instant[] {null, range[1]};
      case "lt" -> new Instant[] {null, range[0]};
      default -> throw bad("date", "Unsupported date prefix " + prefix);
    };
  }

  /** The interval a FHIR date or dateTime of some precision stands for (R4 3.1.1.4.3). */
  static Instant[] range(String value) {
    try {
      if (value.matches("\\d{4}")) {
        LocalDate d = LocalDate.of(Integer.parseInt(value), 1, 1);
        return new Instant[] {utc(d), utc(d.plusYears(1))};
      }
      if (value.matches("\\d{4}-\\d{2}")) {
        YearMonth m = YearMonth.parse(value);
        return new Instant[] {utc(m.atDay(1)), utc(m.plusMonths(1).atDay(1))};
      }
      if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
        LocalDate d = LocalDate.parse(value);
        return new Instant[] {utc(d), utc(d.plusDays(1))};
      }
      String v =
          value.matches(".*T\\d{2}:\\d{2}(Z|[+-].*)$")
              ? value.replaceFirst("(T\\d{2}:\\d{2})", "$1:00")
              : value;
      Instant at = OffsetDateTime.parse(v).toInstant();
      boolean seconds = v.matches(".*T\\d{2}:\\d{2}:\\d{2}(Z|[+-].*)$");
      return new Instant[] {at, seconds ? at.plus(1, ChronoUnit.SECONDS) : at.plusNanos(1000)};
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw bad("date", "Not a FHIR date or dateTime with a zone: " + value);
    }
  }

  private static Instant utc(LocalDate d) {
    return d.atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  private static FhirException bad(String name, String message) {
    return FhirException.badRequest("invalid-search-parameter", message, name);
  }
}
